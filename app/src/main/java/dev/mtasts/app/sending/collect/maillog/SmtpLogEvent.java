package dev.mtasts.app.sending.collect.maillog;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a Postfix 3.7–3.9 {@code smtp} log message says about TLS, as its source writes it: {@code
 * tls_misc.c} {@code tls_log_summary} (the {@code ... TLS connection established to ...} line, with
 * {@code smtp_tls_loglevel} 1 or more), {@code tls_verify.c} {@code tls_log_verify_error}, {@code
 * tls_client.c} ({@code SSL_connect error to ...}), {@code smtp_proto.c} ({@code TLS is required,
 * but was not offered by host ...}, {@code ... refused to start TLS}, {@code Server certificate not
 * verified}, {@code Cannot start TLS: handshake failure}) and {@code smtp_trouble.c} (the {@code
 * QUEUEID: REASON} line of a failure before the last MX host; the per-recipient {@code to=<...>,
 * relay=..., status=...} line).
 */
sealed interface SmtpLogEvent {

  /** The server as Postfix names it ({@code host[address]}). */
  record Peer(String host, String address) {}

  /** How far the server's certificate was verified ({@code tls_log_summary}). */
  enum Trust {
    /** No certificate (anonymous cipher). */
    ANONYMOUS,
    /** The chain is not trusted. */
    UNTRUSTED,
    /** The chain is trusted; the name was not checked, or did not match. */
    TRUSTED,
    /** Trusted and matched: the policy's level was met. */
    VERIFIED
  }

  /** A new TLS handshake completed. */
  record Established(Peer peer, Trust trust) implements SmtpLogEvent {}

  /** A cached TLS connection was used again: no handshake. */
  record Reused(Peer peer) implements SmtpLogEvent {}

  /** The certificate failed verification, before the handshake's summary line. */
  record VerifyFailed(Peer peer, String reason) implements SmtpLogEvent {}

  /** The TLS handshake failed. */
  record HandshakeFailed(Peer peer) implements SmtpLogEvent {}

  /** The policy required TLS but the server did not offer STARTTLS, or refused it. */
  record NoStarttls(Peer peer) implements SmtpLogEvent {}

  /** The policy required a verified certificate and the handshake's certificate was not. */
  record NotVerified() implements SmtpLogEvent {}

  /**
   * The outcome for one recipient.
   *
   * @param relay the server, absent for {@code relay=none}
   * @param text the reason in parentheses after the status
   */
  record Delivery(
      String queueId, String recipient, Optional<Peer> relay, String status, String text)
      implements SmtpLogEvent {}

  private static Peer peer(Matcher m) {
    return new Peer(m.group("host"), m.group("address"));
  }

  String PEER = "(?<host>[^\\s\\[\\]]+)\\[(?<address>[^\\]]*)\\]";

  Pattern ESTABLISHED =
      Pattern.compile(
          "^(?<trust>Anonymous|Untrusted|Trusted|Verified) TLS connection (?<use>established|reused)"
              + " to "
              + PEER
              + "(?::\\d+)?: .*");
  Pattern VERIFY_FAILED =
      Pattern.compile(
          "^(?:(?:server|CA) )?certificate verification failed for "
              + PEER
              + "(?::\\d+)?: (?<reason>.*)$");
  Pattern SSL_CONNECT_ERROR = Pattern.compile("^SSL_connect error to " + PEER + "(?::\\d+)?: .*");
  Pattern NO_STARTTLS =
      Pattern.compile(
          "TLS is required, but (?:was not offered by host "
              + PEER
              + "|host "
              + PEER.replace("host>", "host2>").replace("address>", "address2>")
              + " refused to start TLS)");
  Pattern NOT_VERIFIED = Pattern.compile("Server certificate not verified");
  Pattern QUEUE_LINE = Pattern.compile("^(?<queue>[0-9A-Za-z]{5,20}): (?<rest>.*)$");
  Pattern DELIVERY =
      Pattern.compile(
          "^to=<(?<rcpt>[^>]*)>,(?: orig_to=<[^>]*>,)? relay=(?:none|(?<host>[^\\s\\[\\],]+)"
              + "(?:\\[(?<address>[^\\]]*)\\](?::\\d+)?)?), .*?status=(?<status>\\w+)"
              + "(?: \\((?<text>.*)\\))?$");

  /** The events of one {@code smtp} message, in order; empty for anything else. */
  static java.util.List<SmtpLogEvent> parse(String message) {
    Matcher m = ESTABLISHED.matcher(message);
    if (m.matches()) {
      Peer peer = peer(m);
      if (m.group("use").equals("reused")) {
        return java.util.List.of(new Reused(peer));
      }
      return java.util.List.of(
          new Established(
              peer, Trust.valueOf(m.group("trust").toUpperCase(java.util.Locale.ROOT))));
    }
    m = VERIFY_FAILED.matcher(message);
    if (m.matches()) {
      return java.util.List.of(new VerifyFailed(peer(m), m.group("reason")));
    }
    m = SSL_CONNECT_ERROR.matcher(message);
    if (m.matches()) {
      return java.util.List.of(new HandshakeFailed(peer(m)));
    }
    m = QUEUE_LINE.matcher(message);
    if (!m.matches()) {
      return java.util.List.of();
    }
    String queueId = m.group("queue");
    String rest = m.group("rest");
    Matcher delivery = DELIVERY.matcher(rest);
    if (delivery.matches()) {
      String text = delivery.group("text") == null ? "" : delivery.group("text");
      Optional<Peer> relay =
          delivery.group("host") == null || delivery.group("address") == null
              ? Optional.empty()
              : Optional.of(new Peer(delivery.group("host"), delivery.group("address")));
      java.util.List<SmtpLogEvent> events = new java.util.ArrayList<>(outcomes(text));
      events.add(
          new Delivery(queueId, delivery.group("rcpt"), relay, delivery.group("status"), text));
      return events;
    }
    return outcomes(rest);
  }

  /** What the reason of a failed attempt says about TLS. */
  private static java.util.List<SmtpLogEvent> outcomes(String reason) {
    Matcher m = NO_STARTTLS.matcher(reason);
    if (m.lookingAt()) {
      return java.util.List.of(
          m.group("host") != null
              ? new NoStarttls(new Peer(m.group("host"), m.group("address")))
              : new NoStarttls(new Peer(m.group("host2"), m.group("address2"))));
    }
    if (NOT_VERIFIED.matcher(reason).lookingAt()) {
      return java.util.List.of(new NotVerified());
    }
    return java.util.List.of();
  }
}
