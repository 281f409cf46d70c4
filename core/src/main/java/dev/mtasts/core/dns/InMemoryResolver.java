package dev.mtasts.core.dns;

import dev.mtasts.core.ParseResult;
import dev.mtasts.core.domain.Domain;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A {@link DnsResolver} answering from records given in code, for tests: the same semantics as
 * {@link DnsjavaResolver} without a network. Names are fully qualified, case-insensitive, with or
 * without the trailing dot. A name exists when it or a name below it has records (RFC 8020: an
 * empty non-terminal is NODATA, not NXDOMAIN); CNAMEs are followed for every type, loops and chains
 * longer than {@link DnsjavaResolver#MAX_CNAME_CHAIN} are SERVFAIL.
 *
 * <pre>{@code
 * DnsResolver dns = InMemoryResolver.builder()
 *     .txt("_mta-sts.example.com", "v=STSv1; id=20240101")
 *     .mx("example.com", 10, "mx1.example.com")
 *     .a("mx1.example.com", "192.0.2.1")
 *     .fail("broken.example", DnsStatus.SERVFAIL)
 *     .build();
 * }</pre>
 */
public final class InMemoryResolver implements DnsResolver {

  private static final String ROOT = ".";

  private enum Kind {
    TXT,
    MX,
    A,
    AAAA,
    TLSA,
    DS,
    DNSKEY
  }

  private record Key(String name, Kind kind) {}

  private final Map<Key, List<Object>> records;
  private final Map<String, String> cnames;
  private final Map<String, DnsStatus> failures;
  private final Map<String, DnssecStatus> dnssec;
  private final DnssecStatus defaultDnssec;
  private final Set<String> existing;

  private InMemoryResolver(Builder builder) {
    Map<Key, List<Object>> copy = new HashMap<>();
    builder.records.forEach((key, list) -> copy.put(key, List.copyOf(list)));
    this.records = Map.copyOf(copy);
    this.cnames = Map.copyOf(builder.cnames);
    this.failures = Map.copyOf(builder.failures);
    this.dnssec = Map.copyOf(builder.dnssec);
    this.defaultDnssec = builder.defaultDnssec;
    Set<String> names = new HashSet<>(cnames.keySet());
    records.keySet().forEach(key -> names.add(key.name()));
    this.existing = Set.copyOf(names);
  }

  public static Builder builder() {
    return new Builder();
  }

  @Override
  public DnsAnswer<String> txt(String name) {
    return lookup(name, Kind.TXT);
  }

  @Override
  public DnsAnswer<MxRecord> mx(String domain) {
    return lookup(domain, Kind.MX);
  }

  @Override
  public DnsAnswer<InetAddress> addresses(String host) {
    DnsAnswer<InetAddress> v4 = lookup(host, Kind.A);
    if (v4.status() == DnsStatus.NXDOMAIN || v4.status() == DnsStatus.BOGUS) {
      return v4;
    }
    return Answers.addresses(v4, lookup(host, Kind.AAAA));
  }

  @Override
  public DnsAnswer<TlsaRecord> tlsa(String name) {
    return lookup(name, Kind.TLSA);
  }

  @Override
  public DnsAnswer<String> ds(String name) {
    return lookup(name, Kind.DS);
  }

  @Override
  public DnsAnswer<String> dnskey(String name) {
    return lookup(name, Kind.DNSKEY);
  }

  @SuppressWarnings("unchecked")
  private <T> DnsAnswer<T> lookup(String name, Kind kind) {
    String owner;
    if (isRoot(name)) {
      owner = ROOT;
    } else if (Domain.parseRecordName(name.strip()) instanceof ParseResult.Ok<Domain> ok) {
      owner = ok.value().ascii();
    } else {
      String reason = Domain.parseRecordName(name.strip()).errors().getFirst().message();
      return DnsAnswer.failure(DnsStatus.ERROR, "invalid name '" + name + "': " + reason);
    }
    Set<String> chain = new HashSet<>();
    chain.add(owner);
    DnssecStatus status = DnssecStatus.SECURE;
    while (true) {
      DnsStatus failure = failures.get(owner);
      if (failure != null) {
        return DnsAnswer.failure(failure, "configured failure at " + owner);
      }
      status = Answers.weakest(status, dnssec.getOrDefault(owner, defaultDnssec));
      if (status == DnssecStatus.BOGUS) {
        return new DnsAnswer<>(
            DnsStatus.BOGUS, List.of(), DnssecStatus.BOGUS, "configured bogus at " + owner);
      }
      List<Object> found = records.get(new Key(owner, kind));
      if (found != null) {
        return DnsAnswer.ok((List<T>) (List<?>) found, status);
      }
      String target = cnames.get(owner);
      if (target == null) {
        return exists(owner)
            ? new DnsAnswer<>(DnsStatus.NODATA, List.of(), status, "no " + kind + " at " + owner)
            : new DnsAnswer<>(DnsStatus.NXDOMAIN, List.of(), status, owner + " does not exist");
      }
      if (!chain.add(target)) {
        return DnsAnswer.failure(DnsStatus.SERVFAIL, "CNAME loop at " + target);
      }
      if (chain.size() > DnsjavaResolver.MAX_CNAME_CHAIN + 1) {
        return DnsAnswer.failure(DnsStatus.SERVFAIL, "CNAME chain too long from " + name);
      }
      owner = target;
    }
  }

  private boolean exists(String name) {
    if (name.equals(ROOT)) {
      return true;
    }
    String suffix = "." + name;
    return existing.stream().anyMatch(n -> n.equals(name) || n.endsWith(suffix));
  }

  /** The owner name in {@link Domain} ASCII form; underscores allowed, as in {@code _mta-sts}. */
  private static String normalize(String name) {
    if (isRoot(name)) {
      return ROOT;
    }
    ParseResult<Domain> owner = Domain.parseRecordName(name.strip());
    if (owner instanceof ParseResult.Ok<Domain> ok) {
      return ok.value().ascii();
    }
    throw new IllegalArgumentException(owner.errors().getFirst() + ": " + name);
  }

  /** The root zone (a {@link Domain} has at least one label), asked for its DNSKEY by check. */
  private static boolean isRoot(String name) {
    return name.strip().equals(ROOT);
  }

  /** Collects records; {@link #build()} makes an immutable resolver. */
  public static final class Builder {
    private final Map<Key, List<Object>> records = new HashMap<>();
    private final Map<String, String> cnames = new HashMap<>();
    private final Map<String, DnsStatus> failures = new HashMap<>();
    private final Map<String, DnssecStatus> dnssec = new HashMap<>();
    private DnssecStatus defaultDnssec = DnssecStatus.INDETERMINATE;

    private Builder() {}

    /** One TXT record made of these character-strings (concatenated when read). */
    public Builder txt(String name, String... strings) {
      return add(name, Kind.TXT, String.join("", strings));
    }

    public Builder mx(String domain, int preference, String host) {
      return add(domain, Kind.MX, new MxRecord(preference, host));
    }

    /** RFC 7505: the null MX, "0 .". */
    public Builder nullMx(String domain) {
      return mx(domain, 0, ".");
    }

    public Builder a(String host, String ipv4) {
      return add(host, Kind.A, literal(ipv4, 4));
    }

    public Builder aaaa(String host, String ipv6) {
      return add(host, Kind.AAAA, literal(ipv6, 16));
    }

    public Builder tlsa(String name, TlsaRecord record) {
      return add(name, Kind.TLSA, record);
    }

    /** One DS record at {@code name}, in presentation form, e.g. {@code "2371 13 2 1F98..."}. */
    public Builder ds(String name, String record) {
      return add(name, Kind.DS, record);
    }

    /** One DNSKEY record at {@code name} ({@code "."} for the root), in presentation form. */
    public Builder dnskey(String name, String record) {
      return add(name, Kind.DNSKEY, record);
    }

    /** A CNAME from {@code from} to {@code to}; {@code from} then has no other records. */
    public Builder cname(String from, String to) {
      cnames.put(normalize(from), normalize(to));
      return this;
    }

    /** Every question at {@code name} (or reaching it through a CNAME) ends with {@code status}. */
    public Builder fail(String name, DnsStatus status) {
      if (status == DnsStatus.OK || status == DnsStatus.NODATA || status == DnsStatus.NXDOMAIN) {
        throw new IllegalArgumentException(status + " follows from the records, not a failure");
      }
      failures.put(normalize(name), status);
      return this;
    }

    /** The DNSSEC status of answers at {@code name}; BOGUS makes every answer there BOGUS. */
    public Builder dnssec(String name, DnssecStatus status) {
      dnssec.put(normalize(name), status);
      return this;
    }

    /** The DNSSEC status of names without their own ({@link DnssecStatus#INDETERMINATE}). */
    public Builder dnssecDefault(DnssecStatus status) {
      defaultDnssec = status;
      return this;
    }

    public InMemoryResolver build() {
      return new InMemoryResolver(this);
    }

    private Builder add(String name, Kind kind, Object record) {
      records.computeIfAbsent(new Key(normalize(name), kind), k -> new ArrayList<>()).add(record);
      return this;
    }

    private static InetAddress literal(String ip, int length) {
      if (!ip.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == '.' || c == ':')) {
        throw new IllegalArgumentException("not an IP address literal: " + ip);
      }
      try {
        InetAddress address = InetAddress.getByName(ip);
        if (address.getAddress().length != length) {
          throw new IllegalArgumentException("wrong address family: " + ip);
        }
        return address;
      } catch (UnknownHostException e) {
        throw new IllegalArgumentException("not an IP address literal: " + ip, e);
      }
    }
  }
}
