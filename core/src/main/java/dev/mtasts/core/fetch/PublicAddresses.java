package dev.mtasts.core.fetch;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Tells addresses that senders on the internet can reach from those they cannot (loopback, private,
 * link-local, shared, documentation, multicast, reserved: the special-purpose registries of RFC
 * 6890). A policy host or MX host named in public DNS at such an address is either a mistake or an
 * attempt to make a fetcher send requests into the fetching operator's own network (SSRF).
 *
 * <p>IPv6 forms that carry an IPv4 address (IPv4-mapped {@code ::ffff:0:0/96}, IPv4-compatible
 * {@code ::/96}, NAT64 {@code 64:ff9b::/96}, 6to4 {@code 2002::/16}) are judged by that IPv4
 * address, so {@code ::ffff:127.0.0.1} is loopback.
 */
public final class PublicAddresses {

  /** One special-purpose block: its first bytes, prefix length and what it is. */
  private static final class Block {
    private final byte[] prefix;
    private final int bits;
    private final String cidr;
    private final String description;

    private Block(String cidr, String description) {
      int slash = cidr.indexOf('/');
      this.prefix = literal(cidr.substring(0, slash));
      this.bits = Integer.parseInt(cidr.substring(slash + 1));
      this.cidr = cidr;
      this.description = description;
    }

    static Block of(String cidr, String description) {
      return new Block(cidr, description);
    }

    boolean contains(byte[] address) {
      if (address.length != prefix.length) {
        return false;
      }
      int whole = bits / 8;
      if (!Arrays.equals(address, 0, whole, prefix, 0, whole)) {
        return false;
      }
      int rest = bits % 8;
      if (rest == 0) {
        return true;
      }
      int mask = (0xff << (8 - rest)) & 0xff;
      return (address[whole] & mask) == (prefix[whole] & mask);
    }

    String describe() {
      return description + " " + cidr;
    }
  }

  // RFC 6890 §2.2.2 and the IANA IPv4 Special-Purpose Address Registry.
  private static final List<Block> IPV4 =
      List.of(
          Block.of("0.0.0.0/8", "unspecified, \"this network\" (RFC 791)"),
          Block.of("10.0.0.0/8", "private (RFC 1918)"),
          Block.of("100.64.0.0/10", "shared carrier-grade NAT (RFC 6598)"),
          Block.of("127.0.0.0/8", "loopback (RFC 1122)"),
          Block.of("169.254.0.0/16", "link-local (RFC 3927)"),
          Block.of("172.16.0.0/12", "private (RFC 1918)"),
          Block.of("192.0.0.0/24", "IETF protocol assignments (RFC 6890)"),
          Block.of("192.0.2.0/24", "documentation (RFC 5737)"),
          Block.of("192.88.99.0/24", "6to4 relay anycast, deprecated (RFC 7526)"),
          Block.of("192.168.0.0/16", "private (RFC 1918)"),
          Block.of("198.18.0.0/15", "benchmarking (RFC 2544)"),
          Block.of("198.51.100.0/24", "documentation (RFC 5737)"),
          Block.of("203.0.113.0/24", "documentation (RFC 5737)"),
          Block.of("224.0.0.0/4", "multicast (RFC 5771)"),
          Block.of("240.0.0.0/4", "reserved, or broadcast (RFC 1112, RFC 919)"));

  // RFC 6890 §2.2.3 and the IANA IPv6 Special-Purpose Address Registry.
  private static final List<Block> IPV6 =
      List.of(
          Block.of("::/128", "unspecified (RFC 4291)"),
          Block.of("::1/128", "loopback (RFC 4291)"),
          Block.of("64:ff9b:1::/48", "local-use NAT64 (RFC 8215)"),
          Block.of("100::/64", "discard-only (RFC 6666)"),
          Block.of("2001:db8::/32", "documentation (RFC 3849)"),
          Block.of("3fff::/20", "documentation (RFC 9637)"),
          Block.of("fc00::/7", "unique local (RFC 4193)"),
          Block.of("fe80::/10", "link-local (RFC 4291)"),
          Block.of("fec0::/10", "site-local, deprecated (RFC 3879)"),
          Block.of("ff00::/8", "multicast (RFC 4291)"));

  /** IPv6 prefixes whose addresses carry an IPv4 address in their last 32 bits. */
  private static final List<Block> IPV4_IN_LAST_32 =
      List.of(
          Block.of("::ffff:0:0/96", "IPv4-mapped (RFC 4291)"),
          Block.of("::/96", "IPv4-compatible, deprecated (RFC 4291)"),
          Block.of("64:ff9b::/96", "NAT64 (RFC 6052)"));

  private static final Block SIX_TO_FOUR = Block.of("2002::/16", "6to4 (RFC 3056)");

  private PublicAddresses() {}

  /** True when senders on the internet can reach {@code address}. */
  public static boolean isPublic(InetAddress address) {
    return whyNotPublic(address).isEmpty();
  }

  /**
   * Why senders on the internet cannot reach {@code address}, e.g. {@code "private (RFC 1918)
   * 10.0.0.0/8"}; empty for a public address.
   */
  public static Optional<String> whyNotPublic(InetAddress address) {
    byte[] bytes = address.getAddress();
    if (address instanceof Inet4Address) {
      return matching(IPV4, bytes);
    }
    if (!(address instanceof Inet6Address)) {
      return Optional.of("not an IP address");
    }
    Optional<String> special = matching(IPV6, bytes);
    if (special.isPresent()) {
      return special;
    }
    for (Block carrier : IPV4_IN_LAST_32) {
      if (carrier.contains(bytes)) {
        return embedded(carrier, Arrays.copyOfRange(bytes, 12, 16));
      }
    }
    if (SIX_TO_FOUR.contains(bytes)) {
      return embedded(SIX_TO_FOUR, Arrays.copyOfRange(bytes, 2, 6));
    }
    return Optional.empty();
  }

  private static Optional<String> embedded(Block carrier, byte[] ipv4) {
    return matching(IPV4, ipv4).map(why -> carrier.describe() + " of " + why);
  }

  private static Optional<String> matching(List<Block> blocks, byte[] bytes) {
    return blocks.stream().filter(b -> b.contains(bytes)).findFirst().map(Block::describe);
  }

  /** The bytes of an address literal, without any DNS lookup. */
  private static byte[] literal(String text) {
    try {
      // A literal: InetAddress parses it and asks no resolver.
      byte[] bytes = InetAddress.getByName(text).getAddress();
      if (text.contains(":") && bytes.length == 4) {
        // "::ffff:0:0" comes back as IPv4; the block is the IPv6 form.
        byte[] mapped = new byte[16];
        mapped[10] = (byte) 0xff;
        mapped[11] = (byte) 0xff;
        System.arraycopy(bytes, 0, mapped, 12, 4);
        return mapped;
      }
      return bytes;
    } catch (java.net.UnknownHostException e) {
      throw new IllegalArgumentException(text, e);
    }
  }
}
