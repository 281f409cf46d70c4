package dev.mtasts.core.tlsrpt;

/**
 * A report that {@link ReportWriter} refuses to write as RFC 8460 JSON, with a stable code ({@code
 * REPORT_POLICY_TYPE_UNKNOWN}, {@code REPORT_RESULT_TYPE_UNKNOWN}) and the JSON path of the value.
 */
public final class ReportWriteException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  private final String code;

  ReportWriteException(String code, String message) {
    super(message);
    this.code = code;
  }

  /** The stable code of the refusal. */
  public String code() {
    return code;
  }
}
