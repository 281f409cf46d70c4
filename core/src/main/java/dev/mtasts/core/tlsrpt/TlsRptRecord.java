package dev.mtasts.core.tlsrpt;

import dev.mtasts.core.ParseResult;
import dev.mtasts.core.Problem;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The {@code _smtp._tls} TXT record (RFC 8460 §3): where reports go, plus extensions.
 *
 * <p>RFC 8460 §3's ABNF allows the {@code rua} field and an extension to appear more than once, and
 * parsers must accept syntactically valid records, so such records are accepted with a warning: the
 * URIs of every {@code rua} field count, in record order, each URI once; of a repeated extension
 * the first value counts.
 *
 * @param rua the report URIs of every {@code rua} field in record order, each once (a repeat is
 *     dropped with a warning), percent-encoding kept (an address holding {@code %2C} reads back
 *     with {@link URI#getSchemeSpecificPart()} as a comma)
 * @param extensions unknown {@code name=value} fields, kept in order (the first value of a repeated
 *     one) and otherwise ignored
 */
public record TlsRptRecord(List<URI> rua, Map<String, String> extensions) {

  /** The version field every record starts with (RFC 8460 §3, case-sensitive). */
  public static final String VERSION = "v=TLSRPTv1";

  /** RFC 8460 §3: "Two URI schemes are supported: mailto and https". */
  public static final Set<String> SUPPORTED_SCHEMES = Set.of("mailto", "https");

  // RFC 8460 §3: tlsrpt-ext-name = (ALPHA / DIGIT) *31(ALPHA / DIGIT / "_" / "-" / ".")
  private static final Pattern EXT_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,31}");
  // RFC 8460 §3: tlsrpt-ext-value = 1*(%x21-3A / %x3C / %x3E-7E)
  private static final Pattern EXT_VALUE = Pattern.compile("[\\x21-\\x3A\\x3C\\x3E-\\x7E]+");

  public TlsRptRecord {
    rua = List.copyOf(rua);
    extensions = Collections.unmodifiableMap(new LinkedHashMap<>(extensions));
  }

  /** The URIs of a supported scheme, the ones a sender delivers to. */
  public List<URI> supportedRua() {
    return rua.stream().filter(TlsRptRecord::isSupported).toList();
  }

  /** The record text, as it would be published (the URIs as given, extensions after). */
  @Override
  public String toString() {
    StringBuilder text = new StringBuilder(VERSION).append("; rua=");
    text.append(String.join(",", rua.stream().map(URI::toString).toList()));
    extensions.forEach((name, value) -> text.append("; ").append(name).append('=').append(value));
    return text.toString();
  }

  /**
   * Parses one record's text (strings already concatenated, RFC 8460 §3) by the strict ABNF. Errors
   * are {@code TLSRPT_RECORD_*}, or {@code TLSRPT_RUA_UNSUPPORTED} when no URI has a supported
   * scheme; an unsupported URI next to a supported one is a warning, and so are a repeated {@code
   * rua} field ({@code TLSRPT_RECORD_RUA_DUPLICATE}), a URI listed twice ({@code
   * TLSRPT_RUA_DUPLICATE_URI}) and a repeated extension ({@code TLSRPT_RECORD_DUPLICATE_FIELD}).
   */
  public static ParseResult<TlsRptRecord> parse(String text) {
    return new RecordParser(text).parse();
  }

  /**
   * The lookup rule of RFC 8460 §3: TXT records not starting with {@code v=TLSRPTv1} are discarded;
   * exactly one must remain ({@code TLSRPT_RECORD_NONE} / {@code TLSRPT_RECORD_MULTIPLE} otherwise,
   * meaning the domain does not implement TLSRPT). The one left is parsed.
   */
  public static ParseResult<TlsRptRecord> select(List<String> txtRecords) {
    List<String> candidates = txtRecords.stream().filter(TlsRptRecord::isVersion1).toList();
    if (candidates.isEmpty()) {
      return ParseResult.err(
          Problem.of("TLSRPT_RECORD_NONE", "no TXT record starts with " + VERSION));
    }
    if (candidates.size() > 1) {
      return ParseResult.err(
          Problem.of(
              "TLSRPT_RECORD_MULTIPLE",
              candidates.size()
                  + " TXT records start with "
                  + VERSION
                  + "; RFC 8460 §3 requires exactly one, so senders assume no TLSRPT"));
    }
    return parse(candidates.getFirst());
  }

  // "v=TLSRPTv1" then the field-delim (*WSP ";") or the end: "v=TLSRPTv10" is another version.
  private static boolean isVersion1(String record) {
    if (!record.startsWith(VERSION)) {
      return false;
    }
    String rest = record.substring(VERSION.length()).stripLeading();
    return rest.isEmpty() || rest.charAt(0) == ';';
  }

  static boolean isSupported(URI uri) {
    return uri.getScheme() != null
        && SUPPORTED_SCHEMES.contains(uri.getScheme().toLowerCase(Locale.ROOT));
  }

  /** One pass over the record text following the ABNF; collects every error it finds. */
  private static final class RecordParser {
    private final String text;
    private final List<Problem> errors = new ArrayList<>();
    private final List<Problem> warnings = new ArrayList<>();
    private final List<URI> rua = new ArrayList<>();
    private final Map<String, String> extensions = new LinkedHashMap<>();
    private boolean ruaSeen;

    RecordParser(String text) {
      this.text = text;
    }

    ParseResult<TlsRptRecord> parse() {
      // tlsrpt-record = tlsrpt-version 1*(field-delim tlsrpt-field) [field-delim]
      if (!text.startsWith(VERSION)) {
        return ParseResult.err(
            Problem.at(
                "TLSRPT_RECORD_VERSION",
                "a TLSRPT record must start with \"" + VERSION + "\" (case-sensitive)",
                1,
                1));
      }
      int pos = VERSION.length();
      int fields = 0;
      while (pos < text.length()) {
        // field-delim = *WSP ";" *WSP
        int delimiter = skipWsp(pos);
        if (delimiter >= text.length() || text.charAt(delimiter) != ';') {
          error("TLSRPT_RECORD_SYNTAX", "expected \";\" between fields", delimiter);
          break;
        }
        int start = skipWsp(delimiter + 1);
        if (start >= text.length()) {
          break; // the optional trailing field-delim
        }
        int end = text.indexOf(';', start);
        if (end < 0) {
          end = text.length();
        }
        int fieldEnd = trimWspEnd(start, end);
        field(start, fieldEnd);
        fields++;
        pos = fieldEnd;
      }
      if (errors.isEmpty() && fields == 0) {
        error("TLSRPT_RECORD_RUA_MISSING", "the record has no fields after the version", 0);
      } else if (errors.isEmpty() && !ruaSeen) {
        error("TLSRPT_RECORD_RUA_MISSING", "the rua field is required (RFC 8460 §3)", 0);
      }
      if (errors.isEmpty() && rua.stream().noneMatch(TlsRptRecord::isSupported)) {
        errors.add(
            Problem.of(
                "TLSRPT_RUA_UNSUPPORTED",
                "no rua URI has a supported scheme (mailto or https): " + rua));
      } else if (errors.isEmpty()) {
        rua.stream()
            .filter(uri -> !isSupported(uri))
            .forEach(
                uri ->
                    warnings.add(
                        Problem.of(
                            "TLSRPT_RUA_UNSUPPORTED",
                            "rua URI " + uri + " has an unsupported scheme; senders skip it")));
      }
      if (!errors.isEmpty()) {
        return ParseResult.err(errors, warnings);
      }
      return ParseResult.ok(new TlsRptRecord(rua, extensions), warnings);
    }

    private void field(int start, int end) {
      String field = text.substring(start, end);
      if (field.isEmpty()) {
        error("TLSRPT_RECORD_SYNTAX", "empty field", start);
        return;
      }
      int equals = field.indexOf('=');
      if (equals <= 0) {
        error("TLSRPT_RECORD_SYNTAX", "a field must be name=value: \"" + field + "\"", start);
        return;
      }
      String name = field.substring(0, equals);
      String value = field.substring(equals + 1);
      if (name.equals("rua")) {
        // tlsrpt-rua = %s"rua=" tlsrpt-uri *(*WSP "," *WSP tlsrpt-uri)
        if (ruaSeen) {
          // RFC 8460 §3: 1*(field-delim tlsrpt-field) allows it; every rua field's URIs count.
          warning(
              "TLSRPT_RECORD_RUA_DUPLICATE",
              "the rua field appears more than once; the URIs of all rua fields count, in"
                  + " order, but senders that read only one field miss the others: publish"
                  + " one rua field with every URI, separated by commas",
              start);
        }
        ruaSeen = true;
        rua(value, start + equals + 1);
      } else if (!EXT_NAME.matcher(name).matches()) {
        error("TLSRPT_RECORD_SYNTAX", "invalid field name \"" + name + "\"", start);
      } else if (!EXT_VALUE.matcher(value).matches()) {
        error(
            "TLSRPT_RECORD_EXTENSION_VALUE",
            "extension " + name + " has an empty value or one with spaces, \"=\" or controls",
            start + equals + 1);
      } else if (extensions.putIfAbsent(name, value) != null) {
        warning(
            "TLSRPT_RECORD_DUPLICATE_FIELD",
            "field " + name + " appears more than once; its first value counts",
            start);
      }
    }

    private void rua(String value, int offset) {
      int pos = 0;
      for (String part : value.split(",", -1)) {
        String uriText = stripWsp(part);
        int column = offset + pos;
        pos += part.length() + 1;
        if (uriText.isEmpty()) {
          error("TLSRPT_RECORD_URI_INVALID", "empty URI in rua", column);
          continue;
        }
        // RFC 8460 §3: "!" must be percent-encoded inside a tlsrpt-uri (as "," and ";")
        if (uriText.indexOf('!') >= 0 || uriText.chars().anyMatch(c -> c <= ' ' || c == 0x7F)) {
          error(
              "TLSRPT_RECORD_URI_INVALID",
              "rua URI \"" + uriText + "\" must percent-encode \"!\", spaces and controls",
              column);
          continue;
        }
        if (!uriText.chars().allMatch(c -> c < 0x7F)) {
          error(
              "TLSRPT_RECORD_URI_INVALID",
              "rua URI \""
                  + uriText
                  + "\" is not a URI: URIs are ASCII only (RFC 3986 §2, RFC 6068 §2); write \""
                  + AsciiUris.suggest(uriText)
                  + "\" (a domain name as its A-label, other characters percent-encoded as UTF-8)",
              column);
          continue;
        }
        try {
          URI uri = new URI(uriText);
          if (uri.getScheme() == null) {
            error("TLSRPT_RECORD_URI_INVALID", "rua URI \"" + uriText + "\" has no scheme", column);
          } else if (rua.contains(uri)) {
            warning(
                "TLSRPT_RUA_DUPLICATE_URI",
                "rua URI " + uri + " is listed more than once; reports go to it once",
                column);
          } else {
            rua.add(uri);
          }
        } catch (URISyntaxException e) {
          error(
              "TLSRPT_RECORD_URI_INVALID",
              "rua URI \"" + uriText + "\" is not a URI: " + e.getReason(),
              column);
        }
      }
    }

    private static String stripWsp(String s) {
      int start = 0;
      int end = s.length();
      while (start < end && isWsp(s.charAt(start))) {
        start++;
      }
      while (end > start && isWsp(s.charAt(end - 1))) {
        end--;
      }
      return s.substring(start, end);
    }

    private int skipWsp(int pos) {
      while (pos < text.length() && isWsp(text.charAt(pos))) {
        pos++;
      }
      return pos;
    }

    private int trimWspEnd(int start, int end) {
      while (end > start && isWsp(text.charAt(end - 1))) {
        end--;
      }
      return end;
    }

    private static boolean isWsp(char c) {
      return c == ' ' || c == '\t';
    }

    private void error(String code, String message, int offset) {
      errors.add(Problem.at(code, message, 1, offset + 1));
    }

    private void warning(String code, String message, int offset) {
      warnings.add(Problem.at(code, message, 1, offset + 1));
    }
  }
}
