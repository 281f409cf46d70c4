package dev.mtasts.app.api;

/** A request the API refuses, with its status and stable code ({@code {"error":{...}}}). */
final class BadRequest extends RuntimeException {
  private static final long serialVersionUID = 1L;

  final int status;
  final String code;

  BadRequest(int status, String code, String message) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
  }
}
