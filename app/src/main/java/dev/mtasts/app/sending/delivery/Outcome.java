package dev.mtasts.app.sending.delivery;

/** How one delivery attempt to one rua ended. */
public sealed interface Outcome {

  /** What happened, for the delivery log (never a secret). */
  String detail();

  /** The receiver took the report: a 2xx to the POST (RFC 8460 §5.4), or the relay queued it. */
  record Delivered(String detail) implements Outcome {}

  /** Not delivered; {@code retry} when trying again later may help (RFC 8460 §5.5). */
  record Failed(String detail, boolean retry) implements Outcome {}

  /**
   * The report did not leave this host: the relay or sendmail could not take it (unreachable, TLS,
   * AUTH, a 4xx, a crash). That says nothing about the rua: retried, and never counted toward the
   * rua's suppression.
   */
  record NotSent(String detail) implements Outcome {}

  /** Not attempted, and never will be: e.g. a rua at a private address, an unusable URI. */
  record Refused(String detail) implements Outcome {}
}
