package dev.mtasts.app.resolver;

import dev.mtasts.core.Problem;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import tools.jackson.core.JsonToken;

/**
 * Typed reading of a {@link YamlTree}'s fields for a config reader: each wrong shape becomes a
 * problem with the key's line under the reader's code prefix ({@code RESOLVER_CONFIG}, {@code
 * SERVE_CONFIG}), collected in the reader's list, and the caller goes on with a default.
 */
public final class YamlFields {

  private final String codePrefix;
  private final String namePrefix;
  private final Path base;
  private final List<Problem> errors;

  /** Problems are added to {@code errors} with codes {@code codePrefix + "_TYPE"} and the like. */
  public YamlFields(String codePrefix, List<Problem> errors) {
    this(codePrefix, "", Path.of(""), errors);
  }

  /**
   * As {@link #YamlFields(String, List)}, with relative paths resolved against {@code base} and
   * keys named {@code namePrefix + key} in the messages of {@link #bool} and {@link #number}.
   */
  public YamlFields(String codePrefix, String namePrefix, Path base, List<Problem> errors) {
    this.codePrefix = Objects.requireNonNull(codePrefix, "codePrefix");
    this.namePrefix = Objects.requireNonNull(namePrefix, "namePrefix");
    this.base = Objects.requireNonNull(base, "base");
    this.errors = Objects.requireNonNull(errors, "errors");
  }

  /** The mapping under {@code key}; empty when absent or null, and a problem when not a mapping. */
  public YamlTree.Mapping mapping(YamlTree.Mapping m, String key) {
    YamlTree.Entry e = m.entries().get(key);
    if (e == null || (e.value() instanceof YamlTree.Scalar s && s.isNull())) {
      return new YamlTree.Mapping(Map.of(), m.line());
    }
    return asMapping(e, key);
  }

  /** The mapping under {@code key} when the key is present (even if its value is null). */
  public Optional<YamlTree.Mapping> section(YamlTree.Mapping m, String key) {
    return m.entries().containsKey(key) ? Optional.of(mapping(m, key)) : Optional.empty();
  }

  /** The entry's value as a mapping; a problem naming {@code name} when it is not one. */
  public YamlTree.Mapping asMapping(YamlTree.Entry e, String name) {
    if (e.value() instanceof YamlTree.Mapping mm) {
      return mm;
    }
    errors.add(Problem.at(codePrefix + "_TYPE", name + " must be a mapping", e.keyLine(), 0));
    return new YamlTree.Mapping(Map.of(), e.keyLine());
  }

  /** The scalar under {@code key}; empty when absent or null, and a problem when not a scalar. */
  public Optional<YamlTree.Scalar> scalar(YamlTree.Mapping m, String key) {
    YamlTree.Entry e = m.entries().get(key);
    if (e == null) {
      return Optional.empty();
    }
    if (e.value() instanceof YamlTree.Scalar s) {
      return s.isNull() ? Optional.empty() : Optional.of(s);
    }
    errors.add(Problem.at(codePrefix + "_TYPE", key + " must be a single value", e.keyLine(), 0));
    return Optional.empty();
  }

  /** The text of the scalar under {@code key}, if any. */
  public Optional<String> string(YamlTree.Mapping m, String key) {
    return scalar(m, key).map(YamlTree.Scalar::text);
  }

  /**
   * Whether each of {@code keys} has a value in {@code m}; if not, one {@code _MISSING} problem at
   * the mapping's line saying {@code message}.
   */
  public boolean present(YamlTree.Mapping m, String message, String... keys) {
    if (Arrays.stream(keys).allMatch(k -> string(m, k).isPresent())) {
      return true;
    }
    error(m.line(), codePrefix + "_MISSING", message);
    return false;
  }

  /**
   * The scalar under {@code key} through {@code parser}; a {@code _VALUE} problem saying {@code
   * message} when the parser finds nothing in it.
   */
  public <T> Optional<T> parsed(
      YamlTree.Mapping m, String key, Function<String, Optional<T>> parser, String message) {
    Optional<String> text = string(m, key);
    if (text.isEmpty()) {
      return Optional.empty();
    }
    Optional<T> value = parser.apply(text.get().strip());
    if (value.isEmpty()) {
      error(m, key, codePrefix + "_VALUE", message);
    }
    return value;
  }

  /** The path under {@code key}, relative to the config file's directory. */
  public Optional<Path> path(YamlTree.Mapping m, String key) {
    return string(m, key).map(this::path);
  }

  /** {@code text} as a path relative to the config file's directory. */
  public Path path(String text) {
    return base.resolve(text.strip()).normalize();
  }

  /** YAML 1.1 booleans as the incumbent's PyYAML reads them: true/yes/on, false/no/off. */
  public boolean bool(YamlTree.Mapping m, String key, boolean dflt) {
    Optional<YamlTree.Scalar> s = scalar(m, key);
    if (s.isEmpty()) {
      return dflt;
    }
    return switch (s.get().text().strip().toLowerCase(Locale.ROOT)) {
      case "true", "yes", "on" -> true;
      case "false", "no", "off" -> false;
      default -> {
        error(m, key, codePrefix + "_TYPE", namePrefix + key + " must be true or false");
        yield dflt;
      }
    };
  }

  /** A whole number within {@code min..max}. */
  public long number(YamlTree.Mapping m, String key, long dflt, long min, long max) {
    Optional<YamlTree.Scalar> s = scalar(m, key);
    if (s.isEmpty()) {
      return dflt;
    }
    long v;
    try {
      if (s.get().token() != JsonToken.VALUE_NUMBER_INT) {
        throw new NumberFormatException();
      }
      v = Long.parseLong(s.get().text().strip());
    } catch (NumberFormatException e) {
      error(m, key, codePrefix + "_TYPE", namePrefix + key + " must be a whole number");
      return dflt;
    }
    if (v < min || v > max) {
      error(
          m, key, codePrefix + "_VALUE", namePrefix + key + " must be within " + min + ".." + max);
      return dflt;
    }
    return v;
  }

  /** A whole number of seconds within {@code min..max}. */
  public Duration seconds(YamlTree.Mapping m, String key, Duration dflt, long min, long max) {
    return Duration.ofSeconds(number(m, key, dflt.toSeconds(), min, max));
  }

  /** A finite number, whole or not. */
  public double decimal(YamlTree.Mapping m, String key, double dflt) {
    Optional<YamlTree.Scalar> s = scalar(m, key);
    if (s.isEmpty()) {
      return dflt;
    }
    Optional<Double> v = decimal(s.get());
    if (v.isEmpty()) {
      error(m, key, codePrefix + "_TYPE", namePrefix + key + " must be a number");
      return dflt;
    }
    return v.get();
  }

  /** A share within 0 (inclusive) and 1, e.g. 0.05 for 5%. */
  public double share(YamlTree.Mapping m, String key, double dflt) {
    Optional<YamlTree.Scalar> s = scalar(m, key);
    if (s.isEmpty()) {
      return dflt;
    }
    Optional<Double> v = decimal(s.get()).filter(d -> d >= 0 && d < 1);
    if (v.isEmpty()) {
      error(
          m,
          key,
          codePrefix + "_VALUE",
          namePrefix + key + " must be a share within 0 and 1, e.g. 0.05 for 5%");
      return dflt;
    }
    return v.get();
  }

  private static Optional<Double> decimal(YamlTree.Scalar s) {
    if (s.token() != JsonToken.VALUE_NUMBER_INT && s.token() != JsonToken.VALUE_NUMBER_FLOAT) {
      return Optional.empty();
    }
    try {
      double d = Double.parseDouble(s.text().strip());
      return Double.isFinite(d) ? Optional.of(d) : Optional.empty();
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /**
   * The items of the list under {@code key} (none when absent or null), each stripped; a {@code
   * _TYPE} problem at an item that is not {@code valid} ("{@code name} must list {@code what}") or
   * at the key when it is not a list.
   */
  public List<String> strings(
      YamlTree.Mapping m,
      String key,
      String name,
      String what,
      String example,
      Predicate<String> valid) {
    YamlTree.Entry e = m.entries().get(key);
    if (e == null || (e.value() instanceof YamlTree.Scalar s && s.isNull())) {
      return List.of();
    }
    if (!(e.value() instanceof YamlTree.Sequence seq)) {
      error(
          m, key, codePrefix + "_TYPE", name + " must be a list of " + what + ", e.g. " + example);
      return List.of();
    }
    List<String> out = new ArrayList<>();
    for (YamlTree item : seq.items()) {
      String text = item instanceof YamlTree.Scalar s && !s.isNull() ? s.text().strip() : "";
      if (!text.isEmpty() && valid.test(text)) {
        out.add(text);
      } else {
        error(item.line(), codePrefix + "_TYPE", name + " must list " + what + ", e.g. " + example);
      }
    }
    return out;
  }

  /** An error for each key of {@code m} not in {@code known}, naming it as {@code prefix + key}. */
  public void keys(YamlTree.Mapping m, String prefix, Set<String> known) {
    for (YamlTree.Entry e : unknown(m, known)) {
      error(e.keyLine(), codePrefix + "_UNKNOWN_KEY", "unknown key '" + prefix + e.key() + "'");
    }
  }

  /** The entries of {@code m} whose keys are not in {@code known}. */
  public static List<YamlTree.Entry> unknown(YamlTree.Mapping m, Set<String> known) {
    return m.entries().values().stream().filter(e -> !known.contains(e.key())).toList();
  }

  /**
   * {@code HOST}, {@code HOST:PORT} or {@code [IPV6]:PORT}, never resolved here; a port of 0 makes
   * the port required.
   */
  public static Optional<InetSocketAddress> hostPort(String text, int defaultPort) {
    String host = text;
    int port = defaultPort;
    int colon = text.lastIndexOf(':');
    if (text.startsWith("[")) {
      int close = text.indexOf(']');
      if (close < 0) {
        return Optional.empty();
      }
      host = text.substring(1, close);
      String rest = text.substring(close + 1);
      if (!rest.isEmpty() && !rest.startsWith(":")) {
        return Optional.empty();
      }
      colon = rest.isEmpty() ? -1 : close + 1;
    } else if (colon >= 0 && text.indexOf(':') != colon) {
      return Optional.empty(); // an IPv6 literal needs brackets
    } else if (colon >= 0) {
      host = text.substring(0, colon);
    }
    if (colon >= 0) {
      try {
        port = Integer.parseInt(text.substring(colon + 1));
      } catch (NumberFormatException e) {
        return Optional.empty();
      }
    }
    if (host.isEmpty() || port < 1 || port > 65535 || host.chars().anyMatch(c -> c <= ' ')) {
      return Optional.empty();
    }
    return Optional.of(InetSocketAddress.createUnresolved(host, port));
  }

  /** A problem at {@code key}'s line (the mapping's own line when the key is absent). */
  public void error(YamlTree.Mapping m, String key, String code, String message) {
    YamlTree.Entry e = m.entries().get(key);
    error(e == null ? m.line() : e.keyLine(), code, message);
  }

  /** A problem at {@code line}. */
  public void error(int line, String code, String message) {
    errors.add(Problem.at(code, message, line, 0));
  }

  /** How many problems have been found so far (to tell whether a part added any). */
  public int errorCount() {
    return errors.size();
  }
}
