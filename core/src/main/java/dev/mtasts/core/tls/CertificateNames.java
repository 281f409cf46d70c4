package dev.mtasts.core.tls;

import dev.mtasts.core.domain.Domain;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/**
 * Matches a certificate against a DNS host name following RFC 6125 §6.4, the rules RFC 8461 §3.3
 * and §4.2 refer to. Never throws: malformed names and certificates simply do not match.
 *
 * <ol>
 *   <li>Names compare as {@link Domain} A-label forms: case and a trailing dot are ignored (RFC
 *       6125 §6.4.1), U-labels become A-labels, and a name that is no host name (an IP address, an
 *       underscore, an empty label) matches nothing.
 *   <li>Only DNS-IDs (subjectAltName dNSName) match (RFC 8461 §3.3: "matching is performed only
 *       against the DNS-ID identifiers"). The subject CN never does, not even in a certificate
 *       without dNSName; {@link NameMatch#COMMON_NAME_ONLY} only tells a person why a certificate
 *       that seems to name the host is refused.
 *   <li>A wildcard is only the complete left-most label ({@code *.example.com}) and stands for
 *       exactly one non-empty label (§6.4.3, RFC 8461 §3.3); partial-label wildcards ({@code
 *       f*.example.com}) and wildcards over a single remaining label ({@code *.com}) never match.
 * </ol>
 */
public final class CertificateNames {

  private static final int DNS_NAME = 2;

  private CertificateNames() {}

  /** How a certificate covers a host name. */
  public enum NameMatch {
    /** A subjectAltName dNSName covers the host: what RFC 8461 senders require. */
    SUBJECT_ALT_NAME,
    /**
     * No DNS-ID covers the host (the certificate has none), but its subject CN would: no match,
     * told apart for the message.
     */
    COMMON_NAME_ONLY,
    /** Nothing in the certificate covers the host. */
    NONE
  }

  /** True when a DNS-ID of the certificate covers {@code host} (the subject CN never counts). */
  public static boolean matches(X509Certificate certificate, String host) {
    return match(certificate, host) == NameMatch.SUBJECT_ALT_NAME;
  }

  /** Which identifier of the certificate, if any, covers {@code host}. */
  public static NameMatch match(X509Certificate certificate, String host) {
    Optional<String> reference = normalizeHost(host);
    if (certificate == null || reference.isEmpty()) {
      return NameMatch.NONE;
    }
    List<String> dnsNames = dnsNames(certificate);
    if (!dnsNames.isEmpty()) {
      return dnsNames.stream().anyMatch(p -> patternMatches(p, reference.get()))
          ? NameMatch.SUBJECT_ALT_NAME
          : NameMatch.NONE;
    }
    return commonName(certificate).filter(cn -> patternMatches(cn, reference.get())).isPresent()
        ? NameMatch.COMMON_NAME_ONLY
        : NameMatch.NONE;
  }

  /** The dNSName entries of the subjectAltName extension, as written; empty when none. */
  public static List<String> dnsNames(X509Certificate certificate) {
    try {
      Collection<List<?>> entries = certificate.getSubjectAlternativeNames();
      List<String> names = new ArrayList<>();
      if (entries != null) {
        for (List<?> entry : entries) {
          if (entry.size() >= 2
              && entry.get(0) instanceof Integer type
              && type == DNS_NAME
              && entry.get(1) instanceof String name) {
            names.add(name);
          }
        }
      }
      return List.copyOf(names);
    } catch (CertificateParsingException e) {
      return List.of();
    }
  }

  /** The most specific CN of the subject, if any. */
  public static Optional<String> commonName(X509Certificate certificate) {
    try {
      List<Rdn> rdns = new LdapName(certificate.getSubjectX500Principal().getName()).getRdns();
      // LdapName lists RDNs from the least specific; the CN nearest the end is the most specific.
      for (int i = rdns.size() - 1; i >= 0; i--) {
        Rdn rdn = rdns.get(i);
        if (rdn.getType().equalsIgnoreCase("CN") && rdn.getValue() instanceof String cn) {
          return Optional.of(cn);
        }
      }
      return Optional.empty();
    } catch (InvalidNameException e) {
      return Optional.empty();
    }
  }

  /**
   * True when a presented identifier (a dNSName or CN, perhaps with a wildcard) covers an already
   * normalized reference host name.
   */
  static boolean patternMatches(String presented, String host) {
    Optional<String> normalized = normalizePattern(presented);
    if (normalized.isEmpty()) {
      return false;
    }
    String pattern = normalized.get();
    if (!pattern.startsWith("*.")) {
      return pattern.equals(host);
    }
    // RFC 6125 §6.4.3: the wildcard is the whole left-most label and matches exactly one label.
    String suffix = pattern.substring(1); // ".example.com"
    if (suffix.indexOf('.', 1) < 0) {
      return false; // "*.com": a wildcard needs at least two labels after it
    }
    int firstDot = host.indexOf('.');
    return firstDot > 0 && host.substring(firstDot).equals(suffix);
  }

  /** The reference host as a lower-case A-label name without trailing dot, or empty if invalid. */
  static Optional<String> normalizeHost(String host) {
    return host == null ? Optional.empty() : toAsciiName(host);
  }

  private static Optional<String> normalizePattern(String presented) {
    if (presented == null) {
      return Optional.empty();
    }
    if (presented.startsWith("*.")) {
      return toAsciiName(presented.substring(2)).map(rest -> "*." + rest);
    }
    return toAsciiName(presented);
  }

  /** The name's {@link Domain} A-label form, or empty when it is no host name. */
  private static Optional<String> toAsciiName(String name) {
    return Domain.parse(name).ok().map(Domain::ascii);
  }
}
