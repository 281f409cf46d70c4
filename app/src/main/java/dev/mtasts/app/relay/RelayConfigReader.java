package dev.mtasts.app.relay;

import dev.mtasts.app.resolver.YamlFields;
import dev.mtasts.app.resolver.YamlTree;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a relay's keys out of the mapping that holds them, for every config section that mails
 * through a relay: {@code relay: HOST[:PORT]}, {@code tls: starttls | implicit | none}, {@code
 * username}, {@code password_file} (docs/configuration.md). Problems name the key and its line,
 * under the file reader's code prefix.
 *
 * <p>Without {@code tls}: {@code starttls} (required) when {@code username} is set; {@code none}
 * for a relay on loopback (the mail never leaves the host, and a local MTA's self-signed
 * certificate would not check); otherwise STARTTLS when the relay offers it ({@link
 * RelayTls#STARTTLS_WHEN_OFFERED}). {@code username} with {@code tls: none} is an error:
 * credentials are never sent in clear text.
 */
public final class RelayConfigReader {

  /**
   * The keys read here, for the caller's check for unknown keys; {@code password} is among them so
   * that its own error says where a password goes.
   */
  public static final Set<String> KEYS =
      Set.of("relay", "tls", "username", "password_file", "password");

  /** SMTP (RFC 5321 §4.5.4.2 names no port; 25 is the relay port MTAs listen on). */
  public static final int SMTP_PORT = 25;

  /** RFC 8314 §7.3: submission over implicit TLS. */
  public static final int IMPLICIT_TLS_PORT = 465;

  private final YamlFields fields;
  private final String prefix;
  private final String key;

  private RelayConfigReader(YamlFields fields, String prefix, String key) {
    this.fields = fields;
    this.prefix = prefix;
    this.key = key;
  }

  /**
   * The relay configured in {@code m}; empty when something is wrong (each problem goes to {@code
   * fields}).
   *
   * @param fields the file reader's fields (a relative {@code password_file} resolves against its
   *     base)
   * @param codePrefix the file reader's code prefix, e.g. {@code SERVE_CONFIG}
   * @param key the mapping's path, for messages: e.g. {@code tlsrpt_reporting.smtp}
   * @param defaultRelay the relay when {@code relay} is absent; empty makes {@code relay} required
   */
  public static Optional<RelayConfig> read(
      YamlFields fields,
      String codePrefix,
      YamlTree.Mapping m,
      String key,
      Optional<String> defaultRelay) {
    return new RelayConfigReader(fields, codePrefix, key).read(m, defaultRelay);
  }

  private Optional<RelayConfig> read(YamlTree.Mapping m, Optional<String> defaultRelay) {
    int before = fields.errorCount();
    if (m.entries().containsKey("password")) {
      fields.error(
          m,
          "password",
          prefix + "_VALUE",
          key
              + ".password is not read: put the password in a file and name it in "
              + key
              + ".password_file");
    }
    Optional<RelayTls> explicit = tls(m);
    Optional<RelayConfig.Login> login = login(m);
    if (login.isPresent() && explicit.filter(t -> !t.protectsCredentials()).isPresent()) {
      fields.error(
          m,
          "tls",
          prefix + "_VALUE",
          key
              + ".username needs TLS: credentials are never sent in clear text; set "
              + key
              + ".tls to starttls or implicit");
    }
    Optional<String> text = fields.string(m, "relay").map(String::strip).or(() -> defaultRelay);
    if (text.isEmpty()) {
      fields.error(
          m.line(),
          prefix + "_MISSING",
          key + ".relay is required: HOST[:PORT], e.g. smtp.example.org:587");
      return Optional.empty();
    }
    int defaultPort =
        explicit.filter(t -> t == RelayTls.IMPLICIT).isPresent() ? IMPLICIT_TLS_PORT : SMTP_PORT;
    Optional<InetSocketAddress> relay = YamlFields.hostPort(text.get(), defaultPort);
    if (relay.isEmpty()) {
      fields.error(
          m,
          "relay",
          prefix + "_VALUE",
          key + ".relay must be HOST[:PORT], e.g. 127.0.0.1:25 or [::1]:25");
    }
    if (fields.errorCount() != before || relay.isEmpty()) {
      return Optional.empty();
    }
    RelayTls tls =
        explicit.orElseGet(
            () ->
                login.isPresent()
                    ? RelayTls.STARTTLS
                    : loopback(relay.get().getHostString())
                        ? RelayTls.NONE
                        : RelayTls.STARTTLS_WHEN_OFFERED);
    return Optional.of(
        new RelayConfig(key, relay.get().getHostString(), relay.get().getPort(), tls, login));
  }

  /** {@code username} and {@code password_file}: both or neither. */
  private Optional<RelayConfig.Login> login(YamlTree.Mapping m) {
    Optional<String> username = fields.string(m, "username").map(String::strip);
    Optional<String> passwordFile = fields.string(m, "password_file").map(String::strip);
    if (username.isEmpty() && passwordFile.isEmpty()) {
      return Optional.empty();
    }
    if (username.filter(u -> !u.isEmpty()).isEmpty()
        || passwordFile.filter(f -> !f.isEmpty()).isEmpty()) {
      fields.error(
          m.line(),
          prefix + "_MISSING",
          key + ".username and " + key + ".password_file go together (SMTP AUTH)");
      return Optional.empty();
    }
    return Optional.of(new RelayConfig.Login(username.get(), fields.path(passwordFile.get())));
  }

  private Optional<RelayTls> tls(YamlTree.Mapping m) {
    Optional<String> text = fields.string(m, "tls").map(s -> s.strip().toLowerCase(Locale.ROOT));
    if (text.isEmpty()) {
      return Optional.empty();
    }
    return switch (text.get()) {
      case "starttls" -> Optional.of(RelayTls.STARTTLS);
      case "implicit" -> Optional.of(RelayTls.IMPLICIT);
      case "none" -> Optional.of(RelayTls.NONE);
      default -> {
        fields.error(m, "tls", prefix + "_VALUE", key + ".tls must be starttls, implicit or none");
        yield Optional.empty();
      }
    };
  }

  /** {@code localhost}, or an address literal in 127.0.0.0/8 or ::1; no name is looked up. */
  static boolean loopback(String host) {
    if (host.equalsIgnoreCase("localhost")
        || host.matches("127(\\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}")) {
      return true;
    }
    try {
      // with a colon it is an IPv6 literal or nothing: InetAddress does not look it up
      return host.contains(":") && InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
