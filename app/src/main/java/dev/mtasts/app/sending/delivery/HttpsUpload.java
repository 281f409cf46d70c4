package dev.mtasts.app.sending.delivery;

import dev.mtasts.core.dns.DnsAnswer;
import dev.mtasts.core.dns.DnsResolver;
import dev.mtasts.core.fetch.PublicAddresses;
import dev.mtasts.core.tls.TrustAnchors;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * {@code rua=https:}: POSTs the gzip report as {@code application/tlsrpt+gzip} (RFC 8460 §5.4).
 *
 * <p>The certificate must chain to a trusted root and name the host (TLS 1.2+). The host's
 * addresses come from our DNS and each is checked before we connect to exactly that address, so a
 * recipient domain cannot point us into our own network (SSRF): loopback, private, link-local and
 * other non-public addresses ({@link PublicAddresses}) are refused unless {@code
 * allow_private_addresses}. Only a 2xx response counts as delivered; any other status, and any
 * network or TLS failure, is a failure to retry.
 */
public final class HttpsUpload {

  private final DnsResolver dns;
  private final SSLContext tls;
  private final boolean allowPrivateAddresses;
  private final Duration timeout;

  public HttpsUpload(
      DnsResolver dns, TrustAnchors anchors, boolean allowPrivateAddresses, Duration timeout) {
    this.dns = dns;
    this.tls = anchors.sslContext();
    this.allowPrivateAddresses = allowPrivateAddresses;
    this.timeout = timeout;
  }

  /** Delivers {@code gzip} to {@code rua}. */
  public Outcome post(URI rua, byte[] gzip) {
    String host = rua.getHost();
    if (!"https".equalsIgnoreCase(rua.getScheme()) || host == null || rua.getUserInfo() != null) {
      return new Outcome.Refused("not an https://HOST/ URI: " + rua);
    }
    host = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    int port = rua.getPort() < 0 ? 443 : rua.getPort();
    List<InetAddress> addresses;
    try {
      addresses = addresses(host);
    } catch (UnknownHostException e) {
      return new Outcome.Failed("no address for " + host + ": " + e.getMessage(), true);
    }
    List<String> notPublic = new ArrayList<>();
    List<String> failures = new ArrayList<>();
    for (InetAddress address : addresses) {
      Optional<String> why = PublicAddresses.whyNotPublic(address);
      if (why.isPresent() && !allowPrivateAddresses) {
        notPublic.add(address.getHostAddress() + " is " + why.get());
        continue;
      }
      try {
        int status = post(address, host, port, path(rua), gzip);
        String what = "HTTP " + status + " from " + address.getHostAddress() + " port " + port;
        return status / 100 == 2
            ? new Outcome.Delivered(what)
            : new Outcome.Failed(what + " (only a 2xx counts)", true);
      } catch (IOException e) {
        failures.add(address.getHostAddress() + ": " + e.getMessage());
      }
    }
    if (failures.isEmpty()) {
      return new Outcome.Refused(
          "not sent: every address of "
              + host
              + " is one senders on the internet cannot reach ("
              + String.join("; ", notPublic)
              + "); allow_private_addresses is off");
    }
    return new Outcome.Failed(String.join("; ", failures), true);
  }

  private List<InetAddress> addresses(String host) throws UnknownHostException {
    if (host.contains(":") || host.matches("[0-9.]+")) {
      return List.of(InetAddress.getByName(host)); // a literal: no lookup
    }
    DnsAnswer<InetAddress> answer = dns.addresses(host.toLowerCase(Locale.ROOT));
    if (!answer.found()) {
      throw new UnknownHostException(
          answer.status() + (answer.detail().isEmpty() ? "" : " " + answer.detail()));
    }
    return answer.records();
  }

  private static String path(URI rua) {
    String path = rua.getRawPath() == null || rua.getRawPath().isEmpty() ? "/" : rua.getRawPath();
    return rua.getRawQuery() == null ? path : path + "?" + rua.getRawQuery();
  }

  private int post(InetAddress address, String host, int port, String path, byte[] body)
      throws IOException {
    int millis = (int) timeout.toMillis();
    Socket plain = new Socket();
    plain.connect(new InetSocketAddress(address, port), millis);
    plain.setSoTimeout(millis);
    try (SSLSocket socket =
        (SSLSocket) tls.getSocketFactory().createSocket(plain, host, port, true)) {
      SSLParameters parameters = socket.getSSLParameters();
      parameters.setEndpointIdentificationAlgorithm("HTTPS"); // RFC 9110 §4.3.4: the name
      parameters.setProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
      socket.setSSLParameters(parameters);
      socket.startHandshake();
      String hostField = port == 443 ? host : host + ":" + port;
      OutputStream out = socket.getOutputStream();
      out.write(
          ("POST "
                  + path
                  + " HTTP/1.1\r\nHost: "
                  + hostField
                  + "\r\nContent-Type: application/tlsrpt+gzip\r\nContent-Length: "
                  + body.length
                  + "\r\nUser-Agent: mtasts\r\nConnection: close\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.write(body);
      out.flush();
      BufferedReader in =
          new BufferedReader(
              new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
      String status = in.readLine();
      // RFC 9112 §4: status-line = HTTP-version SP status-code SP [ reason-phrase ]
      if (status == null || !status.matches("HTTP/1\\.[01] \\d{3}( .*)?")) {
        throw new IOException("not an HTTP response: " + status);
      }
      return Integer.parseInt(status.substring(9, 12));
    } finally {
      plain.close();
    }
  }
}
