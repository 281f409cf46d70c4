package dev.mtasts.app.acme;

import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;
import org.eclipse.jetty.alpn.server.ALPNServerConnectionFactory;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * A TLS listener shaped like the policy listener, for the ACME tests: certificates chosen by SNI
 * from what {@link #install} received, {@link AcmeKeyManager} in front, and {@code acme-tls/1}
 * after {@code http/1.1} in ALPN. Every request gets 200 "ok".
 */
final class TestPolicyListener implements CertificateSink, AutoCloseable {

  private final SniChains chains = new SniChains();
  private final Server server = new Server();
  private final ServerConnector connector;

  TestPolicyListener(int port, TlsAlpnChallenges challenges) throws Exception {
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(new KeyManager[] {new AcmeKeyManager(chains, challenges)}, null, null);
    SslContextFactory.Server ssl = new SslContextFactory.Server();
    ssl.setSslContext(context);
    ssl.setIncludeProtocols("TLSv1.3", "TLSv1.2");
    HttpConfiguration http = new HttpConfiguration();
    SecureRequestCustomizer customizer = new SecureRequestCustomizer();
    customizer.setSniHostCheck(false);
    http.addCustomizer(customizer);
    ALPNServerConnectionFactory alpn =
        new ALPNServerConnectionFactory("http/1.1", TlsAlpnChallenges.ACME_TLS_1);
    alpn.setDefaultProtocol("http/1.1");
    connector =
        new ServerConnector(
            server,
            new SslConnectionFactory(ssl, alpn.getProtocol()),
            alpn,
            new HttpConnectionFactory(http),
            new AcmeTlsConnectionFactory());
    connector.setHost("127.0.0.1");
    connector.setPort(port);
    server.addConnector(connector);
    server.setHandler(
        new Handler.Abstract.NonBlocking() {
          @Override
          public boolean handle(Request request, Response response, Callback callback) {
            response.setStatus(200);
            response.write(
                true, ByteBuffer.wrap("ok".getBytes(StandardCharsets.US_ASCII)), callback);
            return true;
          }
        });
    server.start();
  }

  int port() {
    return connector.getLocalPort();
  }

  @Override
  public void install(String host, IssuedChain chain) {
    chains.install(host, chain);
  }

  @Override
  public void close() throws Exception {
    server.stop();
  }

  /**
   * Chooses by SNI. An alias names one installed chain for good, so a swap between choosing the
   * alias and reading its key never pairs a new chain with an old key.
   */
  private static final class SniChains extends X509ExtendedKeyManager {
    private final Map<String, String> current = new ConcurrentHashMap<>();
    private final Map<String, IssuedChain> byAlias = new ConcurrentHashMap<>();
    private final AtomicLong versions = new AtomicLong();

    void install(String host, IssuedChain chain) {
      String alias = host + "#" + versions.incrementAndGet();
      byAlias.put(alias, chain);
      current.put(host, alias);
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
      return AcmeKeyManager.requestedHost(engine.getHandshakeSession())
          .map(current::get)
          .filter(alias -> byAlias.get(alias).key().getAlgorithm().equals(keyType))
          .orElse(null);
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
      IssuedChain chain = byAlias.get(alias);
      return chain == null ? null : chain.chain().toArray(X509Certificate[]::new);
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
      IssuedChain chain = byAlias.get(alias);
      return chain == null ? null : chain.key();
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
      return null;
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
      return null;
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
      return null;
    }

    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
      return null;
    }
  }
}
