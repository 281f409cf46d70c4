package dev.mtasts.app.web;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.eclipse.jetty.server.Request;

/**
 * The reverse proxies whose {@code X-Forwarded-For} serve believes ({@code http.trusted_proxies},
 * none by default). Only when the peer is in one of these networks is the client address taken from
 * the header: the right-most address in it that is not itself a trusted proxy, so that a client
 * cannot choose its address by sending the header itself. Without trusted proxies the client is
 * always the peer. The login lockout, the upload rate limit and the logs use this address; the
 * login's origin check and the cookies use the proxy's {@code X-Forwarded-Proto} ({@link #secure}).
 */
public final class TrustedProxies {

  /** Trusts nobody: the client is always the peer. */
  public static final TrustedProxies NONE = new TrustedProxies(List.of());

  private static final Pattern IPV4 = Pattern.compile("[0-9]{1,3}(\\.[0-9]{1,3}){3}");
  private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

  /** One network: an address and the number of leading bits that must match. */
  private record Network(InetAddress prefix, int bits) {
    boolean contains(InetAddress address) {
      byte[] a = address.getAddress();
      byte[] p = prefix.getAddress();
      if (a.length != p.length) {
        return false;
      }
      for (int i = 0; i < bits; i++) {
        int mask = 0x80 >>> (i % 8);
        if ((a[i / 8] & mask) != (p[i / 8] & mask)) {
          return false;
        }
      }
      return true;
    }
  }

  private final List<Network> networks;

  private TrustedProxies(List<Network> networks) {
    this.networks = List.copyOf(networks);
  }

  /**
   * The proxies in {@code cidrs}: each {@code ADDRESS/BITS} (IPv4 or IPv6), or one address.
   *
   * @throws IllegalArgumentException naming the first entry that is not one
   */
  public static TrustedProxies of(List<String> cidrs) {
    List<Network> networks = new ArrayList<>();
    for (String cidr : cidrs) {
      networks.add(network(cidr.strip()));
    }
    return new TrustedProxies(networks);
  }

  /** Whether {@code cidr} is what {@link #of} takes: {@code ADDRESS/BITS} or one address. */
  public static boolean isNetwork(String cidr) {
    try {
      network(cidr.strip());
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static Network network(String cidr) {
    int slash = cidr.indexOf('/');
    String address = slash < 0 ? cidr : cidr.substring(0, slash);
    InetAddress prefix =
        literal(address)
            .orElseThrow(() -> new IllegalArgumentException("not an IP network: " + cidr));
    int max = prefix.getAddress().length * 8;
    int bits = max;
    if (slash >= 0) {
      String n = cidr.substring(slash + 1);
      if (!n.matches("[0-9]{1,3}") || Integer.parseInt(n) > max) {
        throw new IllegalArgumentException(
            "not an IP network: " + cidr + " (the prefix length is 0.." + max + ")");
      }
      bits = Integer.parseInt(n);
    }
    return new Network(prefix, bits);
  }

  /** An IP address literal ({@code [v6]} and a {@code :port} allowed), never a DNS lookup. */
  static Optional<InetAddress> literal(String text) {
    String t = text.strip();
    if (t.startsWith("[")) {
      int close = t.indexOf(']');
      if (close < 0) {
        return Optional.empty();
      }
      t = t.substring(1, close);
    } else if (t.indexOf(':') == t.lastIndexOf(':') && t.indexOf(':') > 0) {
      t = t.substring(0, t.indexOf(':')); // IPv4:port
    }
    boolean v4 = IPV4.matcher(t).matches();
    if (v4 && Arrays.stream(t.split("\\.", -1)).anyMatch(octet -> Integer.parseInt(octet) > 255)) {
      return Optional.empty(); // else InetAddress would look it up as a name
    }
    if (!v4 && !IPV6.matcher(t).matches()) {
      return Optional.empty();
    }
    try {
      return Optional.of(InetAddress.getByName(t)); // a literal: no lookup
    } catch (UnknownHostException e) {
      return Optional.empty();
    }
  }

  /** Whether {@code address} is one of the trusted proxies. */
  boolean trusts(InetAddress address) {
    return networks.stream().anyMatch(n -> n.contains(address));
  }

  /** The client's address of {@code request}, as text (see the class comment). */
  public String clientAddress(Request request) {
    return peer(request)
        .map(p -> client(p, request.getHeaders().getValuesList("X-Forwarded-For")).getHostAddress())
        .orElseGet(() -> Request.getRemoteAddr(request));
  }

  /** The address of the host at the other end of the connection, when it has one. */
  private static Optional<InetAddress> peer(Request request) {
    SocketAddress remote = request.getConnectionMetaData().getRemoteSocketAddress();
    return remote instanceof InetSocketAddress inet
        ? Optional.ofNullable(inet.getAddress())
        : Optional.empty();
  }

  /** The comma-separated entries of a header's values, in order, each stripped. */
  private static List<String> entries(List<String> values) {
    List<String> entries = new ArrayList<>();
    for (String value : values) {
      for (String entry : value.split(",", -1)) {
        entries.add(entry.strip());
      }
    }
    return entries;
  }

  /**
   * Whether the browser's connection is TLS: ours, or, when the peer is a trusted proxy, the
   * proxy's: the last {@code X-Forwarded-Proto} value (the one the proxy nearest us added) is
   * {@code https}. Behind a proxy that terminates TLS, the login's origin check and the cookies'
   * {@code Secure} attribute need it.
   */
  public boolean secure(Request request) {
    if (request.isSecure()) {
      return true;
    }
    if (!peer(request).map(this::trusts).orElse(false)) {
      return false;
    }
    List<String> protos = entries(request.getHeaders().getValuesList("X-Forwarded-Proto"));
    return !protos.isEmpty() && protos.getLast().equalsIgnoreCase("https");
  }

  /**
   * Walks {@code X-Forwarded-For} from the right while the hop that added an entry is trusted; an
   * entry that is no address stops the walk at the hop that added it.
   */
  InetAddress client(InetAddress peer, List<String> forwardedFor) {
    List<String> hops = entries(forwardedFor);
    InetAddress current = peer;
    for (int i = hops.size() - 1; i >= 0 && trusts(current); i--) {
      Optional<InetAddress> hop = literal(hops.get(i));
      if (hop.isEmpty()) {
        break;
      }
      current = hop.get();
    }
    return current;
  }
}
