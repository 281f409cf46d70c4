package dev.mtasts.app.acme;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.shredzone.acme4j.connector.NetworkSettings;
import org.shredzone.acme4j.provider.GenericAcmeProvider;

/**
 * acme4j's generic provider, talking to the ACME server over HTTPS that trusts only the
 * certificates of {@code ca_file} (a private ACME server). That trust reaches nothing else: it is
 * the SSL context of this provider's HTTP client alone.
 */
final class CaFileAcmeProvider extends GenericAcmeProvider {

  private final SSLContext context;

  private CaFileAcmeProvider(SSLContext context) {
    this.context = context;
  }

  /** A provider trusting the PEM certificates in {@code caFile}. */
  static CaFileAcmeProvider trusting(Path caFile) throws IOException, GeneralSecurityException {
    Collection<? extends Certificate> certificates;
    try (InputStream in = Files.newInputStream(caFile)) {
      certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
    }
    if (certificates.isEmpty()) {
      throw new GeneralSecurityException(caFile + " holds no certificate");
    }
    KeyStore trusted = KeyStore.getInstance("PKCS12");
    trusted.load(null, null);
    int i = 0;
    for (Certificate certificate : certificates) {
      trusted.setCertificateEntry("ca-" + i++, certificate);
    }
    TrustManagerFactory trust =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(trusted);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, trust.getTrustManagers(), null);
    return new CaFileAcmeProvider(context);
  }

  @Override
  public HttpClient createHttpClient(NetworkSettings settings) {
    return HttpClient.newBuilder()
        .followRedirects(HttpClient.Redirect.NORMAL)
        .connectTimeout(settings.getTimeout())
        .proxy(settings.getProxySelector())
        .sslContext(context)
        .build();
  }
}
