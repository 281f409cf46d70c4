package dev.mtasts.core.dkim;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Internal: the domain of a message's author, for alignment with {@code d=}. Only a message with
 * exactly one From field holding one mailbox has one (RFC 5322 §3.6.2 allows several authors, but
 * then no single domain speaks for the message).
 */
final class FromDomain {

  private FromDomain() {}

  static Optional<String> of(List<HeaderField> fields) {
    List<HeaderField> from = fields.stream().filter(f -> f.is("from")).toList();
    if (from.size() != 1) {
      return Optional.empty();
    }
    String value = withoutQuotesAndComments(from.getFirst().value());
    if (value.contains(",") || value.indexOf('<') != value.lastIndexOf('<')) {
      return Optional.empty(); // several mailboxes (RFC 5322 §3.4)
    }
    String address = value.strip();
    int open = value.indexOf('<');
    if (open >= 0) { // name-addr: the angle-addr holds the address
      int close = value.indexOf('>', open);
      if (close < 0) {
        return Optional.empty();
      }
      address = value.substring(open + 1, close).strip();
    }
    int at = address.lastIndexOf('@');
    if (at < 0) {
      return Optional.empty();
    }
    String domain = address.substring(at + 1).strip().toLowerCase(Locale.ROOT);
    if (domain.endsWith(".")) {
      domain = domain.substring(0, domain.length() - 1);
    }
    return DnsLabels.valid(domain, 1) ? Optional.of(domain) : Optional.empty();
  }

  /** The value with quoted strings and comments removed (RFC 5322 §3.2.4, §3.2.2). */
  private static String withoutQuotesAndComments(String value) {
    StringBuilder out = new StringBuilder(value.length());
    boolean quoted = false;
    int depth = 0;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '\\' && (quoted || depth > 0)) {
        i++; // quoted-pair
      } else if (quoted) {
        quoted = c != '"';
      } else if (c == '(') {
        depth++;
      } else if (c == ')' && depth > 0) {
        depth--;
      } else if (depth == 0) {
        if (c == '"') {
          quoted = true;
        } else if (c != '\r' && c != '\n') {
          out.append(c);
        }
      }
    }
    return out.toString();
  }
}
