package dev.mtasts.app.resolver;

import dev.mtasts.core.Problem;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Typed reading of a {@link YamlTree}'s fields for a config reader: each wrong shape becomes a
 * problem with the key's line under the reader's code prefix ({@code RESOLVER_CONFIG}, {@code
 * SERVE_CONFIG}), collected in the reader's list, and the caller goes on with a default.
 */
public final class YamlFields {

  private final String codePrefix;
  private final List<Problem> errors;

  /** Problems are added to {@code errors} with codes {@code codePrefix + "_TYPE"} and the like. */
  public YamlFields(String codePrefix, List<Problem> errors) {
    this.codePrefix = Objects.requireNonNull(codePrefix, "codePrefix");
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

  /** A problem at {@code key}'s line (the mapping's own line when the key is absent). */
  public void error(YamlTree.Mapping m, String key, String code, String message) {
    YamlTree.Entry e = m.entries().get(key);
    errors.add(Problem.at(code, message, e == null ? m.line() : e.keyLine(), 0));
  }
}
