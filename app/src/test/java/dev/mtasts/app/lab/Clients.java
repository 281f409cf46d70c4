package dev.mtasts.app.lab;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SimpleResolver;

/** Plain clients (dnsjava, JDK sockets and TLS) the lab tests look at the lab through. */
final class Clients {

  private Clients() {}

  static Message query(Lab lab, String name, int type, boolean tcp) throws IOException {
    SimpleResolver resolver = new SimpleResolver(lab.dnsAddress());
    resolver.setTCP(tcp);
    resolver.setTimeout(java.time.Duration.ofSeconds(5));
    return resolver.send(
        Message.newQuery(Record.newRecord(Name.fromString(name + "."), type, DClass.IN)));
  }

  /** A TLS context trusting only the lab CA, or, with {@code caCertificate} null, anything. */
  static SSLContext tls(X509Certificate caCertificate, String... protocols)
      throws GeneralSecurityException, IOException {
    SSLContext context = SSLContext.getInstance("TLS");
    if (caCertificate == null) {
      context.init(null, new javax.net.ssl.TrustManager[] {new TrustAll()}, null);
    } else {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setCertificateEntry("lab", caCertificate);
      TrustManagerFactory trust =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(store);
      context.init(null, trust.getTrustManagers(), null);
    }
    return context;
  }

  /** Wraps {@code plain} in TLS as a client of {@code host}, checking the name when verifying. */
  static SSLSocket handshake(
      SSLContext context, Socket plain, String host, boolean verifyName, String... protocols)
      throws IOException {
    SSLSocket socket =
        (SSLSocket) context.getSocketFactory().createSocket(plain, host, plain.getPort(), true);
    SSLParameters parameters = socket.getSSLParameters();
    parameters.setServerNames(List.of(new SNIHostName(host)));
    if (verifyName) {
      parameters.setEndpointIdentificationAlgorithm("HTTPS");
    }
    if (protocols.length > 0) {
      parameters.setProtocols(protocols);
    }
    socket.setSSLParameters(parameters);
    socket.setSoTimeout(5_000);
    socket.startHandshake();
    return socket;
  }

  static Socket connect(InetAddress address, int port) throws IOException {
    Socket socket = new Socket();
    socket.connect(new InetSocketAddress(address, port), 5_000);
    socket.setSoTimeout(5_000);
    return socket;
  }

  /** A line-at-a-time SMTP client conversation. */
  static final class Smtp implements AutoCloseable {
    private Socket socket;
    private BufferedReader in;
    private OutputStream out;

    Smtp(Socket socket) throws IOException {
      use(socket);
    }

    private void use(Socket next) throws IOException {
      socket = next;
      in = new BufferedReader(new InputStreamReader(next.getInputStream(), StandardCharsets.UTF_8));
      out = next.getOutputStream();
    }

    /** Reads one (possibly multi-line) reply, lines joined with newlines. */
    String reply() throws IOException {
      List<String> lines = new ArrayList<>();
      String line;
      do {
        line = in.readLine();
        if (line == null) {
          break;
        }
        lines.add(line);
      } while (line.length() > 3 && line.charAt(3) == '-');
      return String.join("\n", lines);
    }

    String send(String command) throws IOException {
      out.write((command + "\r\n").getBytes(StandardCharsets.UTF_8));
      out.flush();
      return reply();
    }

    void raw(String text) throws IOException {
      out.write(text.getBytes(StandardCharsets.UTF_8));
      out.flush();
    }

    SSLSocket startTls(SSLContext context, String host, boolean verifyName, String... protocols)
        throws IOException {
      SSLSocket secured = handshake(context, socket, host, verifyName, protocols);
      use(secured);
      return secured;
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }

  private static final class TrustAll implements X509TrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
