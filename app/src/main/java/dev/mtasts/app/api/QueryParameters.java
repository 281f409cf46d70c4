package dev.mtasts.app.api;

import dev.mtasts.app.store.Paging;
import dev.mtasts.app.store.Period;
import dev.mtasts.core.ParseResult;
import dev.mtasts.core.domain.Domain;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.eclipse.jetty.util.Fields;

/**
 * The query parameters of a dashboard API call, checked: a parameter the call does not take, a bad
 * date, a reversed period, bad paging or a bad filter is a 400 with a code, never a silent default.
 */
final class QueryParameters {

  /** An RFC 8460 §4.3 result type token (registered ones and any a sender invents). */
  private static final Pattern RESULT_TYPE = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");

  private final Fields fields;

  QueryParameters(Fields fields, Set<String> allowed) {
    this.fields = fields;
    for (String name : fields.getNames()) {
      if (!allowed.contains(name)) {
        throw new BadRequest(
            400,
            "UNKNOWN_PARAMETER",
            "unknown query parameter "
                + name
                + "; this call takes "
                + String.join(", ", allowed.stream().sorted().toList()));
      }
      if (fields.getValues(name).size() > 1) {
        throw new BadRequest(400, "REPEATED_PARAMETER", name + " is given more than once");
      }
    }
  }

  Optional<String> value(String name) {
    return Optional.ofNullable(fields.getValue(name)).filter(v -> !v.isEmpty());
  }

  Period period() {
    Optional<LocalDate> from = date("from");
    Optional<LocalDate> to = date("to");
    try {
      return new Period(from, to);
    } catch (IllegalArgumentException e) {
      throw new BadRequest(400, "BAD_PERIOD", e.getMessage());
    }
  }

  private Optional<LocalDate> date(String name) {
    Optional<String> v = value(name);
    try {
      return v.map(LocalDate::parse);
    } catch (DateTimeParseException e) {
      throw new BadRequest(
          400, "BAD_DATE", name + " must be a date as YYYY-MM-DD, not \"" + v.get() + "\"");
    }
  }

  Paging paging() {
    int limit = integer("limit", Paging.DEFAULT_LIMIT);
    int offset = integer("offset", 0);
    try {
      return new Paging(limit, offset);
    } catch (IllegalArgumentException e) {
      throw new BadRequest(400, "BAD_PAGING", e.getMessage());
    }
  }

  private int integer(String name, int absent) {
    Optional<String> v = value(name);
    try {
      return v.map(Integer::parseInt).orElse(absent);
    } catch (NumberFormatException e) {
      throw new BadRequest(
          400, "BAD_PAGING", name + " must be a whole number, not \"" + v.get() + "\"");
    }
  }

  /** The {@code format} of an export: json (the default) or csv. */
  Format format() {
    Optional<String> v = value("format");
    if (v.isEmpty()) {
      return Format.JSON;
    }
    return switch (v.get()) {
      case "json" -> Format.JSON_ATTACHMENT;
      case "csv" -> Format.CSV;
      default -> throw new BadRequest(400, "BAD_FORMAT", "format must be json or csv");
    };
  }

  Optional<String> domainFilter() {
    return value("domain").map(d -> domain(d, "BAD_FILTER"));
  }

  Optional<String> resultTypeFilter() {
    Optional<String> v = value("result_type");
    if (v.isPresent() && !RESULT_TYPE.matcher(v.get()).matches()) {
      throw new BadRequest(
          400, "BAD_FILTER", "result_type must be a result type such as certificate-expired");
    }
    return v;
  }

  Optional<String> organizationFilter() {
    Optional<String> v = value("organization");
    if (v.isPresent() && v.get().length() > 1000) {
      throw new BadRequest(400, "BAD_FILTER", "organization is longer than 1000 characters");
    }
    return v;
  }

  /**
   * A domain from a path or a filter as stored: its A-label form, lower case, no trailing dot
   * (docs/domain-names.md); {@code code} when it is not a host name.
   */
  static String domain(String given, String code) {
    if (Domain.parse(given.strip()) instanceof ParseResult.Ok<Domain> ok) {
      return ok.value().ascii();
    }
    throw new BadRequest(400, code, "\"" + given + "\" is not a domain name");
  }

  enum Format {
    /** JSON in the body. */
    JSON,
    /** JSON as a download ({@code Content-Disposition: attachment}). */
    JSON_ATTACHMENT,
    /** CSV as a download. */
    CSV
  }
}
