package dev.mtasts.core.fetch;

import dev.mtasts.core.tls.TlsSessionFacts;
import java.net.InetAddress;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What an RFC 8461 §3.3 policy fetch found: either a policy body, or the reason there is none. Both
 * carry the TLS facts when the handshake completed, so certificate problems are visible either way.
 */
public sealed interface PolicyFetchResult {

  /** The policy host, {@code mta-sts.<domain>}. */
  String host();

  /** The TLS session, when a handshake completed. */
  Optional<TlsSessionFacts> tls();

  /** Addresses that could not be connected to before one answered (or all of them). */
  List<AddressAttempt> failedAddresses();

  /**
   * Whether a strict sender would accept this policy body: fetched with status 200 and {@code
   * text/plain} within the size limit, over a certificate that is trusted, names the policy host by
   * a DNS-ID and is not expired (RFC 8461 §3.3). Always true for a body {@link PolicyFetcher#fetch}
   * returns; {@link PolicyFetcher#fetchForDiagnosis} may return others.
   */
  boolean acceptableForSender();

  /**
   * A body was fetched: status 200, media type {@code text/plain}, within the size limit, UTF-8.
   *
   * @param address the address that answered
   * @param body the policy text, UTF-8 decoded, not yet parsed
   */
  record Fetched(
      String host,
      InetAddress address,
      int port,
      TlsSessionFacts session,
      ResponseHead head,
      String body,
      List<AddressAttempt> failedAddresses)
      implements PolicyFetchResult {

    public Fetched {
      Objects.requireNonNull(session, "session");
      failedAddresses = List.copyOf(failedAddresses);
    }

    @Override
    public Optional<TlsSessionFacts> tls() {
      return Optional.of(session);
    }

    @Override
    public boolean acceptableForSender() {
      return session.certificate().acceptable();
    }
  }

  /**
   * No usable body.
   *
   * @param failure the stable reason code
   * @param detail what exactly went wrong, for people
   * @param address the address that answered, empty when none did
   * @param head the response head, when one was read (status, Location, Content-Type)
   */
  record Failed(
      String host,
      FetchFailure failure,
      String detail,
      Optional<InetAddress> address,
      Optional<TlsSessionFacts> tls,
      Optional<ResponseHead> head,
      List<AddressAttempt> failedAddresses)
      implements PolicyFetchResult {

    public Failed {
      Objects.requireNonNull(failure, "failure");
      failedAddresses = List.copyOf(failedAddresses);
    }

    @Override
    public boolean acceptableForSender() {
      return false;
    }
  }
}
