package dev.mtasts.app.sending.delivery;

import dev.mtasts.core.ParseResult;
import dev.mtasts.core.dns.DnsAnswer;
import dev.mtasts.core.dns.DnsResolver;
import dev.mtasts.core.tlsrpt.TlsRptRecord;
import java.net.URI;
import java.util.List;

/**
 * Where a policy domain wants its reports: the {@code rua} of its {@code _smtp._tls} record (RFC
 * 8460 §3), chosen and parsed by the core's strict reader. A domain without exactly one valid
 * record gets no report.
 */
public final class RuaRecords {

  /** The answer for one domain. */
  public sealed interface Lookup {
    /** A valid record: its URIs of a supported scheme (mailto, https), in record order. */
    record Found(List<URI> rua) implements Lookup {}

    /** No valid record (none, several, invalid): no report, with the reason. */
    record None(String reason) implements Lookup {}

    /** DNS failed: ask again later. */
    record TemporaryFailure(String reason) implements Lookup {}
  }

  private final DnsResolver dns;

  public RuaRecords(DnsResolver dns) {
    this.dns = dns;
  }

  public Lookup lookup(String policyDomain) {
    String name = "_smtp._tls." + policyDomain;
    DnsAnswer<String> answer = dns.txt(name);
    if (answer.failed()) {
      return new Lookup.TemporaryFailure(
          "DNS lookup of " + name + " failed: " + answer.status() + " " + answer.detail());
    }
    if (answer.absent()) {
      return new Lookup.None("no TXT record at " + name);
    }
    return switch (TlsRptRecord.select(answer.records())) {
      case ParseResult.Ok<TlsRptRecord> ok -> new Lookup.Found(ok.value().supportedRua());
      case ParseResult.Err<TlsRptRecord> err ->
          new Lookup.None(
              name
                  + ": "
                  + err.errors().getFirst().code()
                  + " "
                  + err.errors().getFirst().message());
    };
  }
}
