package dev.mtasts.core;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * The outcome of reading untrusted input: either a value (perhaps with warnings about tolerated
 * deviations) or every error found (never only the first). Parsers return this instead of throwing.
 */
public sealed interface ParseResult<T> {

  /** Warnings: deviations that were accepted (be liberal in what you accept). */
  List<Problem> warnings();

  /** The input was read; {@code warnings} lists what was tolerated. */
  record Ok<T>(T value, List<Problem> warnings) implements ParseResult<T> {
    public Ok {
      Objects.requireNonNull(value, "value");
      warnings = List.copyOf(warnings);
    }
  }

  /** The input was rejected; {@code errors} is never empty. */
  record Err<T>(List<Problem> errors, List<Problem> warnings) implements ParseResult<T> {
    public Err {
      errors = List.copyOf(errors);
      warnings = List.copyOf(warnings);
      if (errors.isEmpty()) {
        throw new IllegalArgumentException("an Err needs at least one error");
      }
    }
  }

  static <T> ParseResult<T> ok(T value) {
    return new Ok<>(value, List.of());
  }

  static <T> ParseResult<T> ok(T value, List<Problem> warnings) {
    return new Ok<>(value, warnings);
  }

  static <T> ParseResult<T> err(Problem error) {
    return new Err<>(List.of(error), List.of());
  }

  static <T> ParseResult<T> err(List<Problem> errors, List<Problem> warnings) {
    return new Err<>(errors, warnings);
  }

  default boolean isOk() {
    return this instanceof Ok<T>;
  }

  /** The errors, empty when the input was read. */
  default List<Problem> errors() {
    return this instanceof Err<T> err ? err.errors() : List.of();
  }

  /** The value, empty when rejected (the errors are then of no interest to the caller). */
  default Optional<T> ok() {
    return this instanceof Ok<T> ok ? Optional.of(ok.value()) : Optional.empty();
  }

  /** The value; throws {@link IllegalStateException} naming the first error when rejected. */
  default T orThrow() {
    return switch (this) {
      case Ok<T> ok -> ok.value();
      case Err<T> err -> throw new IllegalStateException(err.errors().getFirst().toString());
    };
  }

  /** Transforms the value of an {@link Ok}, keeping warnings; an {@link Err} passes through. */
  default <R> ParseResult<R> map(Function<? super T, ? extends R> f) {
    return switch (this) {
      case Ok<T> ok -> new Ok<>(f.apply(ok.value()), ok.warnings());
      case Err<T> err -> new Err<>(err.errors(), err.warnings());
    };
  }
}
