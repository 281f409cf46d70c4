package dev.mtasts.core.check;

import dev.mtasts.core.fetch.PublicAddresses;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

/**
 * {@link FindingCode#ADDRESS_NOT_PUBLIC} for the addresses of a policy host or MX host that senders
 * on the internet cannot reach ({@link PublicAddresses}), unless {@link
 * CheckOptions#allowPrivateAddresses()}.
 */
final class NonPublicAddresses {

  private NonPublicAddresses() {}

  static List<Finding> of(
      String host, String role, List<InetAddress> addresses, CheckOptions options) {
    if (options.allowPrivateAddresses()) {
      return List.of();
    }
    return addresses.stream().flatMap(a -> finding(host, role, a).stream()).toList();
  }

  private static Optional<Finding> finding(String host, String role, InetAddress address) {
    return PublicAddresses.whyNotPublic(address)
        .map(
            why ->
                Finding.of(
                    FindingCode.ADDRESS_NOT_PUBLIC,
                    host + " [" + address.getHostAddress() + "]",
                    "The "
                        + role
                        + " "
                        + host
                        + " resolves to "
                        + address.getHostAddress()
                        + ", which is "
                        + why
                        + "."));
  }
}
