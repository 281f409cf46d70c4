package dev.mtasts.core.dns;

import dev.mtasts.core.ParseResult;
import dev.mtasts.core.Problem;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * How a {@link DnsjavaResolver} asks: which servers, how long to wait, how often to retry, and how
 * to judge DNSSEC.
 *
 * @param servers the servers to ask, in order; empty means the system's resolvers (/etc/resolv.conf
 *     and the like, via dnsjava's ResolverConfig)
 * @param timeout how long to wait for one attempt at one server (UDP, then TCP on truncation)
 * @param retries how many more attempts per server after the first
 * @param dnssec where DNSSEC statuses come from
 * @param trustAnchors DS or DNSKEY records in master-file format, for {@link DnssecMode#VALIDATE}
 * @param clock the time signatures are checked against (RFC 4035 §5.3.1)
 */
public record DnsOptions(
    List<InetSocketAddress> servers,
    Duration timeout,
    int retries,
    DnssecMode dnssec,
    String trustAnchors,
    Clock clock) {

  /** The port of DNS over UDP and TCP (RFC 1035 §4.2). */
  public static final int DNS_PORT = 53;

  private static final String DEFAULT_PORT_TEXT = Integer.toString(DNS_PORT);
  private static final Pattern IPV4 =
      Pattern.compile("(25[0-5]|2[0-4]\\d|1?\\d?\\d)(\\.(25[0-5]|2[0-4]\\d|1?\\d?\\d)){3}");

  /**
   * The IANA root zone trust anchors, KSK-2017 and KSK-2024, as published in
   * https://data.iana.org/root-anchors/root-anchors.xml (RFC 7958).
   */
  public static final String IANA_ROOT_ANCHORS =
      """
      . IN DS 20326 8 2 E06D44B80B8F1D39A95C0B0D7C65D08458E880409BBC683457104237C7F8EC8D
      . IN DS 38696 8 2 683D2D0ACB8C9B712A1948B27F741219298D0A450D612C483AF444A4C0FB2B16
      """;

  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
  public static final int DEFAULT_RETRIES = 1;

  public DnsOptions {
    servers = List.copyOf(servers);
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(dnssec, "dnssec");
    Objects.requireNonNull(trustAnchors, "trustAnchors");
    Objects.requireNonNull(clock, "clock");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive: " + timeout);
    }
    if (retries < 0) {
      throw new IllegalArgumentException("retries must not be negative: " + retries);
    }
  }

  /** The system's resolvers, 5 s per attempt, one retry, no DNSSEC, the IANA root anchors. */
  public static DnsOptions defaults() {
    return new DnsOptions(
        List.of(),
        DEFAULT_TIMEOUT,
        DEFAULT_RETRIES,
        DnssecMode.OFF,
        IANA_ROOT_ANCHORS,
        Clock.systemUTC());
  }

  public DnsOptions withServers(List<InetSocketAddress> newServers) {
    return new DnsOptions(newServers, timeout, retries, dnssec, trustAnchors, clock);
  }

  public DnsOptions withServer(InetSocketAddress server) {
    return withServers(List.of(server));
  }

  public DnsOptions withTimeout(Duration newTimeout) {
    return new DnsOptions(servers, newTimeout, retries, dnssec, trustAnchors, clock);
  }

  public DnsOptions withRetries(int newRetries) {
    return new DnsOptions(servers, timeout, newRetries, dnssec, trustAnchors, clock);
  }

  public DnsOptions withDnssec(DnssecMode mode) {
    return new DnsOptions(servers, timeout, retries, mode, trustAnchors, clock);
  }

  /** Validate locally ({@link DnssecMode#VALIDATE}) from these DS or DNSKEY records. */
  public DnsOptions withTrustAnchors(String masterFileRecords) {
    return new DnsOptions(servers, timeout, retries, dnssec, masterFileRecords, clock);
  }

  public DnsOptions withClock(Clock newClock) {
    return new DnsOptions(servers, timeout, retries, dnssec, trustAnchors, newClock);
  }

  /**
   * Reads {@code HOST[:PORT]} as given to {@code --dns}: an IPv4 address, a bracketed IPv6 address
   * ({@code [::1]:5353}), a bare IPv6 address ({@code ::1}, port 53) or {@code localhost}. Like
   * resolv.conf, no other names: finding a DNS server must not need DNS.
   */
  public static ParseResult<InetSocketAddress> parseServer(String text) {
    String host = text.strip();
    String port = "";
    if (host.startsWith("[")) {
      int close = host.indexOf(']');
      if (close < 0 || (close + 1 < host.length() && host.charAt(close + 1) != ':')) {
        return ParseResult.err(Problem.of("DNS_SERVER_SYNTAX", "expected [IPV6]:PORT: " + text));
      }
      port = close + 1 < host.length() ? host.substring(close + 2) : DEFAULT_PORT_TEXT;
      host = host.substring(1, close);
    } else if (host.indexOf(':') >= 0 && host.indexOf(':') == host.lastIndexOf(':')) {
      port = host.substring(host.indexOf(':') + 1);
      host = host.substring(0, host.indexOf(':'));
    } else {
      port = DEFAULT_PORT_TEXT;
    }
    if (host.isEmpty()) {
      return ParseResult.err(Problem.of("DNS_SERVER_SYNTAX", "no host in '" + text + "'"));
    }
    int portNumber = portNumber(port);
    if (portNumber < 0) {
      return ParseResult.err(Problem.of("DNS_SERVER_PORT", "port must be 1-65535: " + text));
    }
    if (host.equalsIgnoreCase("localhost")) {
      return ParseResult.ok(new InetSocketAddress(InetAddress.getLoopbackAddress(), portNumber));
    }
    // Only strings InetAddress reads as literals, so that it never falls back to a name lookup;
    // IPv4 in dotted-quad form only (InetAddress also takes "1.2.3" and the like).
    boolean literal =
        IPV4.matcher(host).matches()
            || (host.indexOf(':') >= 0
                && host.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == '.' || c == ':'));
    try {
      if (literal) {
        return ParseResult.ok(new InetSocketAddress(InetAddress.getByName(host), portNumber));
      }
    } catch (UnknownHostException e) {
      // not a well-formed address literal: reported below
    }
    return ParseResult.err(
        Problem.of("DNS_SERVER_NOT_IP", "DNS server must be an IP address or localhost: " + host));
  }

  /** The port number, or -1 when {@code digits} is not one. */
  private static int portNumber(String digits) {
    if (digits.isEmpty()
        || digits.length() > 5
        || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return -1;
    }
    int port = Integer.parseInt(digits);
    return port >= 1 && port <= 65535 ? port : -1;
  }
}
