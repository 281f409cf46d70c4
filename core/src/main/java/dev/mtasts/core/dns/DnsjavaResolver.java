package dev.mtasts.core.dns;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedErrorCodeOption;
import org.xbill.DNS.Flags;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.ResolverConfig;
import org.xbill.DNS.Section;
import org.xbill.DNS.TLSARecord;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;
import org.xbill.DNS.dnssec.ValidatingResolver;

/**
 * {@link DnsResolver} over dnsjava: asks the configured servers over UDP, retrying over TCP when an
 * answer is truncated (RFC 1035 §4.2.1, RFC 7766 §5), follows CNAME chains itself, and judges
 * DNSSEC as {@link DnsOptions#dnssec()} says.
 *
 * <p>Thread-safe and meant to be shared: lookups block the calling thread only by waiting on a
 * future (virtual threads unmount meanwhile), the network work runs on dnsjava's NIO selector.
 * There is no answer cache: each instance asks afresh, so instances configured differently never
 * see each other's answers. Only validated DNSSEC keys are cached, per instance (RFC 4035 §4.5).
 */
public final class DnsjavaResolver implements DnsResolver {

  /** More CNAMEs than this in one chain is treated as a failure, like a loop (RFC 1034 §3.6.2). */
  static final int MAX_CNAME_CHAIN = 8;

  /** EDNS payload size without fragmentation (DNS Flag Day 2020); larger answers come over TCP. */
  private static final int EDNS_PAYLOAD = 1232;

  private final DnsOptions options;
  private final Resolver resolver;
  private final String serverNames;
  private final Duration deadline;

  public DnsjavaResolver(DnsOptions options) {
    this.options = options;
    List<InetSocketAddress> servers =
        options.servers().isEmpty()
            ? ResolverConfig.getCurrentConfig().servers()
            : options.servers();
    int attempts = options.retries() + 1;
    ServerFailover head = new ServerFailover(servers, options.timeout(), attempts);
    head.setEDNS(0, EDNS_PAYLOAD, 0, List.of());
    this.serverNames = head.toString();
    this.resolver =
        options.dnssec() == DnssecMode.VALIDATE ? validating(head, options) : new RcodeGuard(head);
    // A safety net above the per-attempt bound: validation adds DS and DNSKEY questions per zone
    // cut, each with its own attempts.
    long questions = options.dnssec() == DnssecMode.VALIDATE ? 8 : 1;
    this.deadline =
        options.timeout().multipliedBy((long) servers.size() * attempts * questions + 1);
  }

  private static Resolver validating(Resolver head, DnsOptions options) {
    ValidatingResolver validator = new ValidatingResolver(new RcodeGuard(head), options.clock());
    try {
      validator.loadTrustAnchors(
          new ByteArrayInputStream(options.trustAnchors().getBytes(StandardCharsets.US_ASCII)));
    } catch (IOException e) {
      throw new IllegalArgumentException("trust anchors: " + e.getMessage(), e);
    }
    validator.setEDNS(0, EDNS_PAYLOAD, 0, List.of());
    return validator;
  }

  /** The options this resolver was made with. */
  public DnsOptions options() {
    return options;
  }

  @Override
  public DnsAnswer<String> txt(String name) {
    return lookup(name, Type.TXT, record -> txtValue((TXTRecord) record));
  }

  @Override
  public DnsAnswer<MxRecord> mx(String domain) {
    return lookup(
        domain,
        Type.MX,
        record -> {
          MXRecord mx = (MXRecord) record;
          return new MxRecord(mx.getPriority(), mx.getTarget().toString());
        });
  }

  @Override
  public DnsAnswer<InetAddress> addresses(String host) {
    DnsAnswer<InetAddress> v4 = lookup(host, Type.A, record -> ((ARecord) record).getAddress());
    if (v4.status() == DnsStatus.NXDOMAIN || v4.status() == DnsStatus.BOGUS) {
      return v4;
    }
    DnsAnswer<InetAddress> v6 =
        lookup(host, Type.AAAA, record -> ((AAAARecord) record).getAddress());
    return Answers.addresses(v4, v6);
  }

  @Override
  public DnsAnswer<TlsaRecord> tlsa(String name) {
    return lookup(
        name,
        Type.TLSA,
        record -> {
          TLSARecord tlsa = (TLSARecord) record;
          return new TlsaRecord(
              tlsa.getCertificateUsage(),
              tlsa.getSelector(),
              tlsa.getMatchingType(),
              tlsa.getCertificateAssociationData());
        });
  }

  @Override
  public DnsAnswer<String> ds(String name) {
    return lookup(name, Type.DS, Record::rdataToString);
  }

  @Override
  public DnsAnswer<String> dnskey(String name) {
    return lookup(name, Type.DNSKEY, Record::rdataToString);
  }

  /**
   * RFC 8461 §3.1 and RFC 7208 §3.3: a record's character-strings are concatenated with nothing in
   * between. TXT data is bytes (RFC 1035 §3.3.14); they are read as UTF-8, which leaves the ASCII
   * that MTA-STS and TLS-RPT records consist of unchanged and shows any other byte as U+FFFD, so a
   * record parser rejects it instead of misreading it.
   */
  static String txtValue(TXTRecord record) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    for (Object part : record.getStringsAsByteArrays()) {
      bytes.writeBytes((byte[]) part);
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPLACE)
          .onUnmappableCharacter(CodingErrorAction.REPLACE)
          .decode(ByteBuffer.wrap(bytes.toByteArray()))
          .toString();
    } catch (java.nio.charset.CharacterCodingException e) {
      throw new IllegalStateException("a replacing decoder cannot fail", e);
    }
  }

  /**
   * Asks for {@code type} at {@code name}, following CNAMEs (RFC 1034 §3.6.2, RFC 8461 §3.1) within
   * an answer and, when a server stops at a CNAME into another zone, with a new question.
   */
  private <T> DnsAnswer<T> lookup(String name, int type, Function<Record, T> convert) {
    Name qname;
    try {
      qname = Name.fromString(name, Name.root);
    } catch (TextParseException e) {
      return DnsAnswer.failure(DnsStatus.ERROR, "invalid name '" + name + "': " + e.getMessage());
    }
    Set<Name> chain = new HashSet<>();
    chain.add(qname);
    DnssecStatus dnssec = DnssecStatus.SECURE;
    Name asked = qname;
    while (true) {
      Reply reply;
      switch (exchange(asked, type)) {
        case Failed failed -> {
          return failed.answer();
        }
        case Reply r -> reply = r;
      }
      dnssec = Answers.weakest(dnssec, reply.dnssec());
      Message response = reply.response();
      Name owner = asked;
      List<Record> answer = response.getSection(Section.ANSWER);
      while (true) {
        List<T> found = new ArrayList<>();
        for (Record record : answer) {
          if (record.getType() == type && record.getName().equals(owner)) {
            found.add(convert.apply(record));
          }
        }
        if (!found.isEmpty()) {
          return DnsAnswer.ok(found, dnssec);
        }
        Name target = cnameTarget(answer, owner);
        if (target == null) {
          break;
        }
        if (!chain.add(target)) {
          return DnsAnswer.failure(
              DnsStatus.SERVFAIL, "CNAME loop at " + target + chainText(qname));
        }
        if (chain.size() > MAX_CNAME_CHAIN + 1) {
          return DnsAnswer.failure(
              DnsStatus.SERVFAIL, "CNAME chain longer than " + MAX_CNAME_CHAIN + chainText(qname));
        }
        owner = target;
      }
      // RFC 6604 §2.1: the RCODE speaks of the last name of the chain.
      if (response.getRcode() == Rcode.NXDOMAIN) {
        return new DnsAnswer<>(
            DnsStatus.NXDOMAIN, List.of(), dnssec, owner.toString(true) + " does not exist");
      }
      if (owner.equals(asked)) {
        return new DnsAnswer<>(
            DnsStatus.NODATA,
            List.of(),
            dnssec,
            "no " + Type.string(type) + " at " + owner.toString(true));
      }
      asked = owner;
    }
  }

  /** A question as a person reads it: {@code _mta-sts.example.com TXT}, no final dot. */
  private static String question(Name name, int type) {
    return (name.equals(Name.root) ? "." : name.toString(true)) + " " + Type.string(type);
  }

  private static String chainText(Name start) {
    return " (from " + start + ")";
  }

  private static Name cnameTarget(List<Record> answer, Name owner) {
    for (Record record : answer) {
      if (record instanceof CNAMERecord cname && record.getName().equals(owner)) {
        return cname.getTarget();
      }
    }
    return null;
  }

  /** How one question ended: a response to read, or a failure that ends the lookup. */
  private sealed interface Exchange {}

  /** A response with RCODE NOERROR or NXDOMAIN, and what DNSSEC says about it. */
  private record Reply(Message response, DnssecStatus dnssec) implements Exchange {}

  private record Failed(DnsStatus status, DnssecStatus dnssec, String detail) implements Exchange {
    <T> DnsAnswer<T> answer() {
      return new DnsAnswer<>(status, List.of(), dnssec, detail);
    }
  }

  private Exchange exchange(Name name, int type) {
    Message query = Message.newQuery(Record.newRecord(name, type, DClass.IN));
    if (options.dnssec() == DnssecMode.TRUST_AD) {
      // RFC 6840 §5.7: a query with AD set asks the server to report validation in AD.
      query.getHeader().setFlag(Flags.AD);
    }
    String what = question(name, type);
    try {
      Message response =
          resolver
              .sendAsync(query)
              .toCompletableFuture()
              .get(deadline.toMillis(), TimeUnit.MILLISECONDS);
      return judge(response, what);
    } catch (TimeoutException e) {
      return fail(DnsStatus.TIMEOUT, what + ": no answer within " + deadline);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return fail(DnsStatus.ERROR, what + ": interrupted");
    } catch (ExecutionException e) {
      return failure(what, e.getCause());
    }
  }

  private Exchange judge(Message response, String what) {
    return switch (options.dnssec()) {
      case OFF -> new Reply(response, DnssecStatus.INDETERMINATE);
      case TRUST_AD ->
          new Reply(
              response,
              response.getHeader().getFlag(Flags.AD) ? DnssecStatus.SECURE : DnssecStatus.INSECURE);
      case VALIDATE -> {
        if (response.getHeader().getFlag(Flags.AD)) {
          yield new Reply(response, DnssecStatus.SECURE);
        }
        // Server failures never reach the validator's output (RcodeGuard), so a SERVFAIL here is
        // the validator's verdict: BOGUS (RFC 4035 §5.5).
        if (response.getRcode() == Rcode.SERVFAIL) {
          yield new Failed(
              DnsStatus.BOGUS,
              DnssecStatus.BOGUS,
              what + ": DNSSEC validation failed: " + validationReason(response));
        }
        yield new Reply(response, DnssecStatus.INSECURE);
      }
    };
  }

  private Exchange failure(String what, Throwable cause) {
    Throwable error = cause;
    while (error instanceof CompletionException && error.getCause() != null) {
      error = error.getCause();
    }
    if (error instanceof RcodeGuard.ServerFailure server) {
      Message response = server.response();
      String detail = what + ": " + serverNames + " answered " + Rcode.string(response.getRcode());
      Record asked = response.getQuestion();
      if (asked != null && !question(asked.getName(), asked.getType()).equals(what)) {
        // The validator's own question: a DS or DNSKEY on the way from the root (RFC 4035 §5).
        detail +=
            " to " + question(asked.getName(), asked.getType()) + ", asked to validate DNSSEC";
      }
      if (options.dnssec() == DnssecMode.TRUST_AD && hasDnssecError(response)) {
        return new Failed(DnsStatus.BOGUS, DnssecStatus.BOGUS, detail);
      }
      return fail(DnsStatus.SERVFAIL, detail);
    }
    if (error instanceof SocketTimeoutException
        || error instanceof TimeoutException
        || error instanceof InterruptedIOException) {
      return fail(DnsStatus.TIMEOUT, what + ": " + serverNames + " did not answer in time");
    }
    return fail(DnsStatus.ERROR, what + ": " + serverNames + ": " + error);
  }

  private static Exchange fail(DnsStatus status, String detail) {
    return new Failed(status, DnssecStatus.INDETERMINATE, detail);
  }

  /** RFC 8914 §4.7-4.13: the extended DNS errors that say DNSSEC validation failed. */
  private static boolean hasDnssecError(Message response) {
    OPTRecord opt = response.getOPT();
    if (opt == null) {
      return false;
    }
    for (Object option : opt.getOptions()) {
      if (option instanceof ExtendedErrorCodeOption ede
          && ede.getErrorCode() >= ExtendedErrorCodeOption.DNSSEC_BOGUS
          && ede.getErrorCode() <= ExtendedErrorCodeOption.NSEC_MISSING) {
        return true;
      }
    }
    return false;
  }

  private static String validationReason(Message response) {
    for (Record record : response.getSection(Section.ADDITIONAL)) {
      if (record instanceof TXTRecord txt
          && record.getDClass() == ValidatingResolver.VALIDATION_REASON_QCLASS) {
        return String.join("", txt.getStrings());
      }
    }
    return "no reason given";
  }
}
