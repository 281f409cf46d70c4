package dev.mtasts.app.resolver;

import dev.mtasts.core.dns.DnsAnswer;
import dev.mtasts.core.dns.DnsResolver;
import dev.mtasts.core.dns.DnssecStatus;
import dev.mtasts.core.dns.MxRecord;
import dev.mtasts.core.dns.TlsaRecord;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Whether DANE (RFC 7672) governs mail to a domain: its MX RRset is DNSSEC-secure and at least one
 * MX host has DNSSEC-secure TLSA records at {@code _25._tcp.<host>} (RFC 7672 §2.2). The verdict is
 * remembered for {@code ttl} so that lookups do not wait for DNS each time.
 */
final class DaneCheck {

  private static final int MAX_REMEMBERED = 10_000;

  private final DnsResolver dns;
  private final Clock clock;
  private final Duration ttl;
  private final Map<String, Verdict> verdicts = new ConcurrentHashMap<>();

  private record Verdict(boolean dane, Instant until) {}

  DaneCheck(DnsResolver dns, Clock clock, Duration ttl) {
    this.dns = dns;
    this.clock = clock;
    this.ttl = ttl;
  }

  /** The verdict if it is remembered, without asking DNS. */
  Optional<Boolean> governsFromMemory(String domain) {
    Verdict known = verdicts.get(domain);
    if (known != null && known.until().isAfter(clock.instant())) {
      return Optional.of(known.dane());
    }
    return Optional.empty();
  }

  boolean governs(String domain) {
    Optional<Boolean> known = governsFromMemory(domain);
    if (known.isPresent()) {
      return known.get();
    }
    Instant now = clock.instant();
    boolean dane = lookUp(domain);
    if (verdicts.size() >= MAX_REMEMBERED) {
      verdicts.clear();
    }
    verdicts.put(domain, new Verdict(dane, now.plus(ttl)));
    return dane;
  }

  private boolean lookUp(String domain) {
    DnsAnswer<MxRecord> mx = dns.mx(domain);
    if (!mx.found() || mx.dnssec() != DnssecStatus.SECURE) {
      return false;
    }
    for (MxRecord record : mx.records()) {
      String host = record.host();
      if (host.equals(".")) {
        continue;
      }
      DnsAnswer<TlsaRecord> tlsa = dns.tlsa("_25._tcp." + host);
      if (tlsa.found() && tlsa.dnssec() == DnssecStatus.SECURE) {
        return true;
      }
    }
    return false;
  }
}
