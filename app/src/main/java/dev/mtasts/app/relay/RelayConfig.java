package dev.mtasts.app.relay;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * An SMTP relay and how to reach it: the {@code smtp:} keys of {@code tlsrpt_reporting} and of
 * {@code alerts.channels.email} (docs/configuration.md), read by {@link RelayConfigReader}.
 *
 * @param key where it is configured, for messages: e.g. {@code tlsrpt_reporting.smtp}
 * @param host {@code relay}'s host name or address
 * @param port {@code relay}'s port
 * @param tls {@code tls}, or the default it stands for
 * @param login {@code username} and {@code password_file}, when the relay wants SMTP AUTH
 */
public record RelayConfig(String key, String host, int port, RelayTls tls, Optional<Login> login) {

  public RelayConfig {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(tls, "tls");
    Objects.requireNonNull(login, "login");
    if (login.isPresent() && !tls.protectsCredentials()) {
      throw new IllegalArgumentException(key + ": credentials are sent over required TLS only");
    }
  }

  /**
   * SMTP AUTH (RFC 4954) credentials.
   *
   * @param username {@code username}
   * @param passwordFile {@code password_file}: the file holding the password, read at each send (so
   *     a rotated password needs no restart); the password is never in the config, never logged
   */
  public record Login(String username, Path passwordFile) {
    public Login {
      Objects.requireNonNull(username, "username");
      Objects.requireNonNull(passwordFile, "passwordFile");
    }
  }

  /** {@code HOST:PORT}, an IPv6 address in brackets. */
  public String address() {
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }
}
