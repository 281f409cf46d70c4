package dev.mtasts.app.hosting;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * One kept-alive HTTP/1.1 connection over TLS to a policy host, trusting only the lab CA: requests
 * go one after another on the same connection, so a test can tell whether it survives a reload.
 */
final class TlsClient implements AutoCloseable {

  record Response(int status, String head, String body) {}

  private final SSLSocket socket;
  private final String host;

  TlsClient(X509Certificate root, InetSocketAddress listener, String host)
      throws IOException, GeneralSecurityException {
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("lab", root);
    TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
    tmf.init(trust);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, tmf.getTrustManagers(), null);
    String address =
        listener.getAddress() == null || listener.getAddress().isAnyLocalAddress()
            ? "127.0.0.1"
            : listener.getAddress().getHostAddress();
    socket = (SSLSocket) context.getSocketFactory().createSocket(address, listener.getPort());
    SSLParameters params = socket.getSSLParameters();
    params.setServerNames(List.of(new SNIHostName(host)));
    params.setEndpointIdentificationAlgorithm("HTTPS");
    socket.setSSLParameters(params);
    socket.setSoTimeout(10_000);
    socket.startHandshake();
    this.host = host;
  }

  /** The certificate this connection's handshake got. */
  X509Certificate peer() throws IOException {
    return (X509Certificate) socket.getSession().getPeerCertificates()[0];
  }

  /** GET of {@code path} on this connection. */
  Response get(String path) throws IOException {
    socket
        .getOutputStream()
        .write(
            ("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
    socket.getOutputStream().flush();
    InputStream in = socket.getInputStream();
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("connection closed after " + head);
      }
      head.write(b);
    }
    String text = head.toString(StandardCharsets.ISO_8859_1);
    int length = 0;
    for (String line : text.split("\r\n")) {
      if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
        length = Integer.parseInt(line.substring(15).strip());
      }
    }
    String body = new String(in.readNBytes(length), StandardCharsets.UTF_8);
    return new Response(Integer.parseInt(text.split(" ")[1]), text, body);
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
