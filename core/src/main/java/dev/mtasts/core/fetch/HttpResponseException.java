package dev.mtasts.core.fetch;

/** A response the strict client refuses, with the failure code to report. */
final class HttpResponseException extends Exception {

  private static final long serialVersionUID = 1L;

  private final FetchFailure failure;

  HttpResponseException(FetchFailure failure, String message) {
    super(message);
    this.failure = failure;
  }

  FetchFailure failure() {
    return failure;
  }
}
