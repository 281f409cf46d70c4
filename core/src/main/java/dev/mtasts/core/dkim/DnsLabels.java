package dev.mtasts.core.dkim;

/** Internal: the syntax of {@code d=} and {@code s=} before they become a DNS query name. */
final class DnsLabels {
  private static final int MAX_LABEL = 63;
  private static final int MAX_NAME = 253;

  private DnsLabels() {}

  /**
   * Whether {@code name} is at least {@code minLabels} dot-separated labels of letters, digits,
   * hyphens and underscores (seen in real selectors), within the RFC 1035 §2.3.4 lengths.
   */
  static boolean valid(String name, int minLabels) {
    if (name.isEmpty() || name.length() > MAX_NAME) {
      return false;
    }
    String[] labels = name.split("\\.", -1);
    if (labels.length < minLabels) {
      return false;
    }
    for (String label : labels) {
      if (label.isEmpty()
          || label.length() > MAX_LABEL
          || label.startsWith("-")
          || label.endsWith("-")
          || !label.chars().allMatch(DnsLabels::labelChar)) {
        return false;
      }
    }
    return true;
  }

  /** Whether {@code domain} is {@code parent} or below it (both lower case). */
  static boolean within(String domain, String parent) {
    return domain.equals(parent) || domain.endsWith("." + parent);
  }

  private static boolean labelChar(int c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || c == '-'
        || c == '_';
  }
}
