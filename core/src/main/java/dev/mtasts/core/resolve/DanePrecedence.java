package dev.mtasts.core.resolve;

import dev.mtasts.core.dns.DnsAnswer;
import dev.mtasts.core.dns.DnsResolver;
import dev.mtasts.core.dns.DnssecStatus;
import dev.mtasts.core.dns.MxRecord;
import dev.mtasts.core.dns.TlsaRecord;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Whether DANE (RFC 7672) decides how mail to a domain is protected, so that an MTA-STS policy must
 * not override it (RFC 8461 §2: "senders MUST NOT allow MTA-STS Policy validation to override a
 * failing DANE validation"). Ask before applying an {@code enforce} policy:
 *
 * <ul>
 *   <li>{@link Verdict.Governs}: the MX RRset is DNSSEC-secure and an MX host has DNSSEC-secure
 *       TLSA records at {@code _25._tcp.<host>} (RFC 7672 §2.2): authenticate by DANE, not MTA-STS;
 *   <li>{@link Verdict.Failed}: the MX lookup failed (SERVFAIL, timeout, bogus), or the MX RRset is
 *       secure and an MX host's TLSA lookup failed, and no host has usable TLSA records: such an MX
 *       is unusable (RFC 7672 §2.1.1, §2.2), so delivery must wait rather than fall back to
 *       MTA-STS;
 *   <li>{@link Verdict.NotApplicable}: the MX RRset is not secure, or no host has TLSA records, or
 *       the domain has a null MX (RFC 7505): apply MTA-STS.
 * </ul>
 *
 * Verdicts are remembered for {@code ttl}, so that lookups do not wait for DNS each time. Needs a
 * {@link DnsResolver} that reports DNSSEC status; without one no verdict can be {@link
 * Verdict.Governs}. Thread-safe.
 */
public final class DanePrecedence {

  private static final int MAX_REMEMBERED = 10_000;

  /** What DANE says about a domain. */
  public sealed interface Verdict {
    /** DANE does not apply; the MTA-STS policy decides. */
    record NotApplicable() implements Verdict {}

    /**
     * DANE applies: {@code host} has DNSSEC-secure TLSA records.
     *
     * @param host the first MX host found with them
     */
    record Governs(String host) implements Verdict {}

    /**
     * DANE may apply but its records could not be had: defer delivery.
     *
     * @param reason which lookup failed and how
     */
    record Failed(String reason) implements Verdict {}
  }

  private static final Verdict NOT_APPLICABLE = new Verdict.NotApplicable();

  private final DnsResolver dns;
  private final Clock clock;
  private final Duration ttl;
  private final Map<String, Remembered> verdicts = new ConcurrentHashMap<>();

  private record Remembered(Verdict verdict, Instant until) {}

  public DanePrecedence(DnsResolver dns, Clock clock, Duration ttl) {
    this.dns = Objects.requireNonNull(dns, "dns");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.ttl = Objects.requireNonNull(ttl, "ttl");
  }

  /** The verdict for {@code domain} if it is remembered, without asking DNS. */
  public Optional<Verdict> fromMemory(String domain) {
    Remembered known = verdicts.get(domain);
    if (known != null && known.until().isAfter(clock.instant())) {
      return Optional.of(known.verdict());
    }
    return Optional.empty();
  }

  /** The verdict for {@code domain} (lower case, no trailing dot), from memory or DNS. */
  public Verdict check(String domain) {
    Optional<Verdict> known = fromMemory(domain);
    if (known.isPresent()) {
      return known.get();
    }
    Instant now = clock.instant();
    Verdict verdict = lookUp(domain);
    if (verdicts.size() >= MAX_REMEMBERED) {
      verdicts.clear();
    }
    verdicts.put(domain, new Remembered(verdict, now.plus(ttl)));
    return verdict;
  }

  private Verdict lookUp(String domain) {
    DnsAnswer<MxRecord> mx = dns.mx(domain);
    if (mx.failed()) {
      return new Verdict.Failed("MX " + domain + ": " + mx.status() + " " + mx.detail());
    }
    // RFC 7672 §2.2.1: only a secure MX RRset leads to DANE.
    if (!mx.found() || mx.dnssec() != DnssecStatus.SECURE) {
      return NOT_APPLICABLE;
    }
    Optional<Verdict> failure = Optional.empty();
    for (MxRecord record : mx.records()) {
      if (record.isNullMx()) {
        continue;
      }
      String name = "_25._tcp." + record.host();
      DnsAnswer<TlsaRecord> tlsa = dns.tlsa(name);
      if (tlsa.found() && tlsa.dnssec() == DnssecStatus.SECURE) {
        return new Verdict.Governs(record.host());
      }
      if (failure.isEmpty() && (tlsa.failed() || tlsa.dnssec() == DnssecStatus.BOGUS)) {
        failure =
            Optional.of(
                new Verdict.Failed("TLSA " + name + ": " + tlsa.status() + " " + tlsa.detail()));
      }
    }
    return failure.orElse(NOT_APPLICABLE);
  }
}
