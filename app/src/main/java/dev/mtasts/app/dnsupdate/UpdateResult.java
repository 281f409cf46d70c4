package dev.mtasts.app.dnsupdate;

/** How a dynamic update ended. */
public sealed interface UpdateResult {

  /** A stable code: {@code DNS_UPDATE_APPLIED}, {@code _REFUSED} or {@code _FAILED}. */
  String code();

  /** What happened, for a person. */
  String message();

  /** The server applied the update (RCODE NOERROR, RFC 2136 §3.8) and signed its answer. */
  record Applied(String message) implements UpdateResult {
    @Override
    public String code() {
      return "DNS_UPDATE_APPLIED";
    }
  }

  /**
   * The server answered but did not apply it: an error RCODE (REFUSED, NOTAUTH for a wrong key,
   * NOTZONE, ...) or an answer whose TSIG does not verify.
   */
  record Refused(String message) implements UpdateResult {
    @Override
    public String code() {
      return "DNS_UPDATE_REFUSED";
    }
  }

  /** No answer: the server is unreachable or timed out; the zone may or may not have changed. */
  record Failed(String message) implements UpdateResult {
    @Override
    public String code() {
      return "DNS_UPDATE_FAILED";
    }
  }

  default boolean applied() {
    return this instanceof Applied;
  }
}
