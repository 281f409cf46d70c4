package dev.mtasts.app.cli;

/** Exit codes shared by every command (see docs/cli.md). */
public final class ExitCodes {
  /** Everything checked is valid, or the service stopped cleanly. */
  public static final int OK = 0;

  /** The input or the domain has problems. */
  public static final int PROBLEMS = 1;

  /** Usage error, unreadable input, or the tool could not do its job. */
  public static final int TOOL_ERROR = 2;

  /**
   * A temporary failure, such as the store being unavailable (sysexits.h EX_TEMPFAIL): an MTA's
   * pipe transport retries later.
   */
  public static final int TEMPORARY_FAILURE = 75;

  private ExitCodes() {}
}
