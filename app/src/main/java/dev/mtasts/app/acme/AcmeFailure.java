package dev.mtasts.app.acme;

import java.time.Instant;
import java.util.Optional;

/**
 * Why obtaining a certificate failed, with a stable code for logs and alerts. {@code retryAfter} is
 * the earliest retry the ACME server asked for (RFC 8555 §6.6), when it said so.
 */
public final class AcmeFailure extends Exception {

  private static final long serialVersionUID = 1L;

  /** Stable failure codes. */
  public enum Code {
    /** The directory URL is not an http(s) URL, or the ca_file cannot be read. */
    ACME_DIRECTORY_INVALID,
    /** The ACME server did not answer, or answered something that is not ACME. */
    ACME_SERVER_UNREACHABLE,
    /** The ACME server refused a request (account, order, finalization). */
    ACME_SERVER_ERROR,
    /** The ACME server limits our rate; {@link #retryAfter} says until when, when it did. */
    ACME_RATE_LIMITED,
    /**
     * The ACME server could not validate the challenge: it did not reach us or saw a wrong answer.
     */
    ACME_CHALLENGE_FAILED,
    /** The server offered no challenge type that we answer. */
    ACME_NO_USABLE_CHALLENGE,
    /** The order did not become valid in time. */
    ACME_TIMEOUT,
    /** The account key or certificate files under {@code <data>/acme/} could not be written. */
    ACME_STORAGE
  }

  private final Code code;
  private final transient Optional<Instant> retryAfter;

  public AcmeFailure(Code code, String message, Throwable cause) {
    this(code, message, cause, Optional.empty());
  }

  public AcmeFailure(Code code, String message, Throwable cause, Optional<Instant> retryAfter) {
    super(code + ": " + message, cause);
    this.code = code;
    this.retryAfter = retryAfter;
  }

  public Code code() {
    return code;
  }

  /** The earliest retry the server asked for, if it did. */
  public Optional<Instant> retryAfter() {
    return retryAfter == null ? Optional.empty() : retryAfter;
  }
}
