package dev.mtasts.core.testing;

import dev.mtasts.core.tls.TlsClients;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Lifts the JDK's TLS 1.0/1.1 ban before any test touches TLS: the JDK reads {@code
 * jdk.tls.disabledAlgorithms} once, at the first TLS use in the process, and the old-TLS test
 * servers and the probe's diagnostic handshake need it lifted. Client sockets of the fetcher and
 * the probe still offer TLS 1.2+ only, as they set their protocols explicitly.
 */
public final class LegacyTlsForTests implements LauncherSessionListener {

  @Override
  public void launcherSessionOpened(LauncherSession session) {
    TlsClients.allowLegacyProtocols();
  }
}
