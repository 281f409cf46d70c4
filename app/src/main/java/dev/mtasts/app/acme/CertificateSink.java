package dev.mtasts.app.acme;

/**
 * Where an obtained certificate goes: the policy listener, which serves it from its next handshake
 * on (connections already open keep theirs).
 */
@FunctionalInterface
public interface CertificateSink {

  /** Serves {@code chain} for {@code host} from now on. */
  void install(String host, IssuedChain chain);
}
