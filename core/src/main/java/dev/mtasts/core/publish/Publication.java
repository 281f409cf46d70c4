package dev.mtasts.core.publish;

import dev.mtasts.core.domain.Domain;
import dev.mtasts.core.policy.Policy;
import dev.mtasts.core.policy.StsRecord;
import dev.mtasts.core.tlsrpt.TlsRptRecord;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * What a domain publishes to take part in MTA-STS (RFC 8461 §3) and, optionally, TLS reporting (RFC
 * 8460 §3): the policy file served at {@link #policyUrl()}, the {@code _mta-sts} TXT record whose
 * id tells senders the policy changed, and the {@code _smtp._tls} TXT record naming where reports
 * go.
 *
 * @param domain the policy domain in its {@link Domain} A-label form (lower case, no trailing dot)
 * @param policy the policy file's content
 * @param stsRecord the {@code _mta-sts} record; its id must change whenever the policy does
 * @param tlsRptRecord the {@code _smtp._tls} record, when reports are wanted
 */
public record Publication(
    String domain, Policy policy, StsRecord stsRecord, Optional<TlsRptRecord> tlsRptRecord) {

  /** The longest string a TXT record holds; longer text is split into several (RFC 1035 §3.3). */
  static final int MAX_TXT_STRING = 255;

  private static final DateTimeFormatter ID_FORMAT =
      DateTimeFormatter.ofPattern("uuuuMMddHHmmss", Locale.ROOT).withZone(ZoneOffset.UTC);

  public Publication {
    Objects.requireNonNull(domain, "domain");
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(stsRecord, "stsRecord");
    Objects.requireNonNull(tlsRptRecord, "tlsRptRecord");
    if (Domain.parse(domain).ok().filter(d -> d.ascii().equals(domain)).isEmpty()) {
      throw new IllegalArgumentException("a domain in its A-label form: " + domain);
    }
  }

  /**
   * A fresh policy id: the UTC time to the second ({@code 20261129130500}), 14 of the 32 letters
   * and digits RFC 8461 §3.1 allows, so that a later publication gets a different id.
   */
  public static String freshId(Instant now) {
    return ID_FORMAT.format(now);
  }

  /** Where senders fetch the policy (RFC 8461 §3.3). */
  public String policyUrl() {
    return "https://mta-sts." + domain + "/.well-known/mta-sts.txt";
  }

  /**
   * The DNS records to publish: {@code _mta-sts} (RFC 8461 §3.1), {@code _smtp._tls} when reports
   * are wanted (RFC 8460 §3), and, when {@code policyHost} is given, the {@code mta-sts} name as a
   * CNAME to the HTTPS server that serves the policy.
   */
  public List<DnsRecord> records(Optional<String> policyHost, int ttl) {
    List<DnsRecord> records = new ArrayList<>();
    records.add(new DnsRecord("_mta-sts." + domain, ttl, "TXT", stsRecord.toText()));
    tlsRptRecord.ifPresent(
        r -> records.add(new DnsRecord("_smtp._tls." + domain, ttl, "TXT", r.toString())));
    policyHost.ifPresent(
        host -> records.add(new DnsRecord("mta-sts." + domain, ttl, "CNAME", host)));
    return List.copyOf(records);
  }

  /**
   * One resource record.
   *
   * @param name the owner name, without a trailing dot
   * @param ttl seconds
   * @param type {@code TXT} or {@code CNAME}
   * @param value the TXT text (unquoted, one string however long) or the CNAME target
   */
  public record DnsRecord(String name, int ttl, String type, String value) {

    /**
     * The master-file line (RFC 1035 §5.1), names absolute; TXT text quoted and split into strings
     * of at most 255 characters, which receivers join again (RFC 8461 §3.1, RFC 8460 §3).
     */
    public String zoneLine() {
      String data = type.equals("TXT") ? quotedStrings() : absolute(value);
      return absolute(name) + " " + ttl + " IN " + type + " " + data;
    }

    private static String absolute(String name) {
      return name.endsWith(".") ? name : name + ".";
    }

    /**
     * The TXT text as the character-strings of at most 255 characters it is published in (RFC 1035
     * §3.3.14), e.g. for a dynamic update.
     */
    public List<String> txtStrings() {
      List<String> strings = new ArrayList<>();
      for (int at = 0; at < value.length() || strings.isEmpty(); at += MAX_TXT_STRING) {
        strings.add(value.substring(at, Math.min(value.length(), at + MAX_TXT_STRING)));
      }
      return List.copyOf(strings);
    }

    private String quotedStrings() {
      return String.join(
          " ",
          txtStrings().stream()
              .map(piece -> '"' + piece.replace("\\", "\\\\").replace("\"", "\\\"") + '"')
              .toList());
    }
  }
}
