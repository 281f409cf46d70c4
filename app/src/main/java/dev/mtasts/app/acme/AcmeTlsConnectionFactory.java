package dev.mtasts.app.acme;

import org.eclipse.jetty.io.AbstractConnection;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.AbstractConnectionFactory;
import org.eclipse.jetty.server.Connector;

/**
 * The {@code acme-tls/1} protocol for Jetty's ALPN: listed after the HTTP protocols, it is chosen
 * only by a client that offers nothing else (the ACME server's validation, RFC 8737 §3). Once the
 * handshake that showed the validation certificate is done, no data is exchanged: our side is shut
 * at once, and the connection closed when the client closes it (or when it has been idle too long).
 */
public final class AcmeTlsConnectionFactory extends AbstractConnectionFactory {

  public AcmeTlsConnectionFactory() {
    super(TlsAlpnChallenges.ACME_TLS_1);
  }

  @Override
  public Connection newConnection(Connector connector, EndPoint endPoint) {
    return configure(new Closing(endPoint, connector), connector, endPoint);
  }

  private static final class Closing extends AbstractConnection {

    Closing(EndPoint endPoint, Connector connector) {
      super(endPoint, connector.getExecutor());
    }

    /** close_notify and FIN at once; the socket closes when the client closes its side. */
    @Override
    public void onOpen() {
      super.onOpen();
      getEndPoint().shutdownOutput();
      fillInterested();
    }

    @Override
    public void onFillable() {
      getEndPoint().close();
    }
  }
}
