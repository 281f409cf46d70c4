package dev.mtasts.core.fetch;

import dev.mtasts.core.domain.Domain;
import dev.mtasts.core.tls.CertificateAssessment;
import dev.mtasts.core.tls.Deadline;
import dev.mtasts.core.tls.TlsClients;
import dev.mtasts.core.tls.TlsSessionFacts;
import dev.mtasts.core.tls.TrustAnchors;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.SSLSocket;

/**
 * Fetches {@code https://mta-sts.<domain>/.well-known/mta-sts.txt} as a strict sender does (RFC
 * 8461 §3.3), trying the given addresses in turn until one accepts a TCP connection. Addresses that
 * senders on the internet cannot reach are skipped unless {@link
 * FetchSettings#allowPrivateAddresses()}. Thread-safe; one instance can serve many fetches.
 */
public final class PolicyFetcher {

  /** RFC 8461 §3.3 and RFC 8615: the well-known path of the policy. */
  public static final String POLICY_PATH = "/.well-known/mta-sts.txt";

  private static final String MEDIA_TYPE = "text/plain";

  private final FetchSettings settings;
  private final TrustAnchors anchors;
  private final Clock clock;

  public PolicyFetcher(FetchSettings settings, TrustAnchors anchors, Clock clock) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.anchors = Objects.requireNonNull(anchors, "anchors");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * The policy host of a policy domain (RFC 8461 §3.3): {@code mta-sts.} + the domain's {@link
   * Domain} A-label form.
   *
   * @throws IllegalArgumentException if {@code policyDomain} is not a host name
   */
  public static String policyHost(String policyDomain) {
    return "mta-sts." + Domain.of(policyDomain).ascii();
  }

  /**
   * Fetches the policy of {@code policyDomain} from {@code addresses} (the policy host's A/AAAA
   * records, resolved by the caller) as a sender must (RFC 8461 §3.3): a certificate that is
   * untrusted, expired or does not name the policy host ends the fetch before the request is sent,
   * with {@link FetchFailure#CERTIFICATE_UNTRUSTED}, {@link FetchFailure#CERTIFICATE_EXPIRED} or
   * {@link FetchFailure#CERTIFICATE_NAME_MISMATCH}. A {@link PolicyFetchResult.Fetched} result is
   * therefore always {@link PolicyFetchResult#acceptableForSender() acceptable}. Never throws for
   * network or server behaviour.
   */
  public PolicyFetchResult fetch(String policyDomain, List<InetAddress> addresses) {
    return fetch(policyDomain, addresses, CertificateCheck.ENFORCE);
  }

  /**
   * Fetches like {@link #fetch} but goes on past certificate problems, for a diagnosis such as
   * {@code check} that reports the certificate and the policy both. The body may come from a host
   * no sender would trust: never apply it; {@link PolicyFetchResult#acceptableForSender()} says
   * whether a sender would.
   */
  public PolicyFetchResult fetchForDiagnosis(String policyDomain, List<InetAddress> addresses) {
    return fetch(policyDomain, addresses, CertificateCheck.REPORT_ONLY);
  }

  /** Whether a certificate problem ends the fetch. */
  private enum CertificateCheck {
    ENFORCE,
    REPORT_ONLY
  }

  private PolicyFetchResult fetch(
      String policyDomain, List<InetAddress> addresses, CertificateCheck check) {
    String host = policyHost(policyDomain);
    if (addresses.isEmpty()) {
      return failed(host, FetchFailure.NO_ADDRESSES, "no address for " + host, List.of());
    }
    Deadline deadline = Deadline.after(settings.totalTimeout());
    List<AddressAttempt> failedAddresses = new ArrayList<>();
    for (InetAddress address : addresses) {
      Optional<String> notPublic = PublicAddresses.whyNotPublic(address);
      if (notPublic.isPresent() && !settings.allowPrivateAddresses()) {
        failedAddresses.add(
            new AddressAttempt(address, FetchFailure.ADDRESS_NOT_PUBLIC, notPublic.get()));
        continue;
      }
      Socket socket = new Socket();
      // RFC 8461 §3.3: the whole fetch is bounded, handshake included (see Deadline).
      Deadline.Watch watch = deadline.closeWhenSpent(socket);
      try {
        socket.connect(
            new InetSocketAddress(address, settings.port()),
            deadline.nextTimeoutMillis(settings.connectTimeout()));
        return converse(host, address, socket, deadline, failedAddresses, check);
      } catch (IOException e) {
        closeQuietly(socket);
        failedAddresses.add(connectFailure(address, e, deadline));
      } finally {
        watch.close();
      }
    }
    if (failedAddresses.stream().allMatch(a -> a.failure() == FetchFailure.ADDRESS_NOT_PUBLIC)) {
      return failed(
          host,
          FetchFailure.ADDRESS_NOT_PUBLIC,
          "not fetched: every address of "
              + host
              + " is one senders on the internet cannot reach ("
              + String.join(
                  "; ",
                  failedAddresses.stream()
                      .map(a -> a.address().getHostAddress() + " is " + a.detail())
                      .toList())
              + "); private addresses are not allowed",
          failedAddresses);
    }
    boolean allTimedOut =
        failedAddresses.stream()
            .filter(a -> a.failure() != FetchFailure.ADDRESS_NOT_PUBLIC)
            .allMatch(a -> a.failure() == FetchFailure.TIMEOUT);
    return failed(
        host,
        allTimedOut ? FetchFailure.TIMEOUT : FetchFailure.UNREACHABLE,
        "no connection to "
            + host
            + " port "
            + settings.port()
            + " at any of "
            + addresses.stream().map(InetAddress::getHostAddress).toList(),
        failedAddresses);
  }

  /** TLS handshake, GET, response: everything after the TCP connection. */
  private PolicyFetchResult converse(
      String host,
      InetAddress address,
      Socket plain,
      Deadline deadline,
      List<AddressAttempt> failedAddresses,
      CertificateCheck check) {
    var failure = new FailureBuilder(host, address, failedAddresses);
    SSLSocket socket;
    try {
      plain.setSoTimeout(deadline.nextTimeoutMillis(settings.readTimeout()));
      socket = TlsClients.handshake(plain, host, TlsClients.Versions.MODERN);
    } catch (IOException e) {
      closeQuietly(plain);
      return e instanceof SocketTimeoutException || deadline.spent()
          ? failure.of(FetchFailure.TIMEOUT, "TLS handshake timed out" + spentDetail(deadline))
          : failure.of(FetchFailure.TLS_HANDSHAKE_FAILED, String.valueOf(e.getMessage()));
    }
    try (socket) {
      failure.session = TlsSessionFacts.of(socket, host, anchors, clock);
      Optional<FetchFailure> refusedCertificate = certificateRefusal(failure.session);
      if (check == CertificateCheck.ENFORCE && refusedCertificate.isPresent()) {
        return failure.of(
            refusedCertificate.get(), describe(refusedCertificate.get(), failure.session));
      }
      sendRequest(socket.getOutputStream(), host);
      InputStream in =
          new BufferedInputStream(
              deadline.guard(socket, socket.getInputStream(), settings.readTimeout()));
      HttpResponseReader reader = new HttpResponseReader(in);
      ResponseHead head = reader.readHead();
      failure.head = head;
      Optional<FetchFailure> refused = refusal(head);
      if (refused.isPresent()) {
        return failure.of(refused.get(), describe(refused.get(), head));
      }
      byte[] body = reader.readBody(head, settings.maxBodyBytes());
      Optional<String> text = utf8(body);
      if (text.isEmpty()) {
        return failure.of(FetchFailure.BODY_NOT_UTF8, "the policy body is not valid UTF-8");
      }
      return new PolicyFetchResult.Fetched(
          host, address, settings.port(), failure.session, head, text.get(), failedAddresses);
    } catch (HttpResponseException e) {
      return failure.of(e.failure(), e.getMessage());
    } catch (IOException e) {
      if (e instanceof SocketTimeoutException || deadline.spent()) {
        return failure.of(
            FetchFailure.TIMEOUT,
            "the response took too long: " + e.getMessage() + spentDetail(deadline));
      }
      return failure.of(
          FetchFailure.MALFORMED_RESPONSE, "the connection failed: " + e.getMessage());
    }
  }

  private static AddressAttempt connectFailure(
      InetAddress address, IOException e, Deadline deadline) {
    return e instanceof SocketTimeoutException || deadline.spent()
        ? new AddressAttempt(address, FetchFailure.TIMEOUT, "connect timed out")
        : new AddressAttempt(address, FetchFailure.UNREACHABLE, String.valueOf(e.getMessage()));
  }

  private String spentDetail(Deadline deadline) {
    return deadline.spent()
        ? " (the whole fetch may take " + settings.totalTimeout().toMillis() + " ms)"
        : "";
  }

  private void sendRequest(OutputStream out, String host) throws IOException {
    // RFC 9110 §7.2: the Host field carries the port when it is not the scheme's default.
    String hostField =
        settings.port() == FetchSettings.DEFAULT_PORT ? host : host + ":" + settings.port();
    String request =
        "GET "
            + POLICY_PATH
            + " HTTP/1.1\r\n"
            + "Host: "
            + hostField
            + "\r\n"
            + "User-Agent: mtasts\r\n"
            + "Accept: text/plain\r\n"
            + "Connection: close\r\n\r\n";
    out.write(request.getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }

  /** RFC 8461 §3.3 (status 200, no redirects) and §3.2 (media type text/plain). */
  private static Optional<FetchFailure> refusal(ResponseHead head) {
    if (head.status() >= 300 && head.status() < 400) {
      return Optional.of(FetchFailure.HTTP_REDIRECT);
    }
    if (head.status() != 200) {
      return Optional.of(FetchFailure.HTTP_STATUS);
    }
    if (!head.mediaType().map(MEDIA_TYPE::equals).orElse(false)) {
      return Optional.of(FetchFailure.CONTENT_TYPE);
    }
    return Optional.empty();
  }

  /** RFC 8461 §3.3: a sender accepts only a trusted, unexpired certificate naming the host. */
  private static Optional<FetchFailure> certificateRefusal(TlsSessionFacts session) {
    CertificateAssessment certificate = session.certificate();
    if (!certificate.trusted()) {
      return Optional.of(FetchFailure.CERTIFICATE_UNTRUSTED);
    }
    if (!certificate.timeValid()) {
      return Optional.of(FetchFailure.CERTIFICATE_EXPIRED);
    }
    if (!certificate.nameMatches()) {
      return Optional.of(FetchFailure.CERTIFICATE_NAME_MISMATCH);
    }
    return Optional.empty();
  }

  private static String describe(FetchFailure failure, TlsSessionFacts session) {
    CertificateAssessment certificate = session.certificate();
    String leaf = "the certificate " + certificate.leaf().subject();
    String refusal =
        switch (failure) {
          case CERTIFICATE_UNTRUSTED ->
              leaf + " is not trusted (" + certificate.trust() + "): " + certificate.trustDetail();
          case CERTIFICATE_EXPIRED -> leaf + " is out of date: " + certificate.validityDetail();
          default ->
              leaf
                  + " names "
                  + certificate.leaf().dnsNames()
                  + " in subjectAltName, not "
                  + certificate.expectedHost();
        };
    return refusal + "; senders refuse it (RFC 8461 §3.3), so the policy was not requested";
  }

  private static String describe(FetchFailure failure, ResponseHead head) {
    return switch (failure) {
      case HTTP_REDIRECT ->
          "status "
              + head.status()
              + " redirects to "
              + head.location().orElse("(no Location)")
              + "; senders do not follow redirects (RFC 8461 §3.3)";
      case HTTP_STATUS -> "status " + head.status() + " " + head.reason() + "; only 200 is valid";
      case CONTENT_TYPE ->
          "Content-Type "
              + head.contentType().map(t -> "'" + t + "'").orElse("missing")
              + "; the policy must be served as text/plain";
      default -> failure.name();
    };
  }

  private static Optional<String> utf8(byte[] body) {
    try {
      return Optional.of(
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(body))
              .toString());
    } catch (CharacterCodingException e) {
      return Optional.empty();
    }
  }

  private static PolicyFetchResult failed(
      String host, FetchFailure failure, String detail, List<AddressAttempt> failedAddresses) {
    return new PolicyFetchResult.Failed(
        host,
        failure,
        detail,
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        failedAddresses);
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException ignored) {
      // Nothing more to learn from a failed close.
    }
  }

  /** Collects what is known so far about a conversation, for the failure that may end it. */
  private static final class FailureBuilder {
    private final String host;
    private final InetAddress address;
    private final List<AddressAttempt> failedAddresses;
    private TlsSessionFacts session;
    private ResponseHead head;

    FailureBuilder(String host, InetAddress address, List<AddressAttempt> failedAddresses) {
      this.host = host;
      this.address = address;
      this.failedAddresses = failedAddresses;
    }

    PolicyFetchResult of(FetchFailure failure, String detail) {
      return new PolicyFetchResult.Failed(
          host,
          failure,
          detail,
          Optional.of(address),
          Optional.ofNullable(session),
          Optional.ofNullable(head),
          failedAddresses);
    }
  }
}
