package dev.mtasts.app.sending.delivery;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code sendmail: PATH}: report mail is piped to {@code PATH -i -f FROM -- TO}, LF line endings as
 * the sendmail interface takes them (the MTA writes CRLF on the wire, which is what the signature
 * covers). Exit status 0 is accepted; sendmail's {@code EX_TEMPFAIL} (75) is retried, others not.
 */
public final class Sendmail implements MailTransport {

  private static final int EX_TEMPFAIL = 75;

  private final Path program;
  private final Duration timeout;

  public Sendmail(Path program, Duration timeout) {
    this.program = program;
    this.timeout = timeout;
  }

  @Override
  public Outcome send(String from, String to, byte[] message) {
    if (to.startsWith("-") || from.startsWith("-")) {
      return new Outcome.Refused("not a mail address: " + to);
    }
    Process process;
    try {
      process =
          new ProcessBuilder(List.of(program.toString(), "-i", "-f", from, "--", to))
              .redirectErrorStream(true)
              .start();
    } catch (IOException e) {
      return new Outcome.NotSent("cannot run " + program + ": " + e.getMessage());
    }
    try {
      try (OutputStream in = process.getOutputStream()) {
        in.write(
            new String(message, StandardCharsets.US_ASCII)
                .replace("\r\n", "\n")
                .getBytes(StandardCharsets.US_ASCII));
      }
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        return new Outcome.NotSent(program + " did not finish within " + timeout);
      }
      String said =
          new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
              .replaceAll("\\s+", " ")
              .strip();
      int exit = process.exitValue();
      if (exit == 0) {
        return new Outcome.Delivered(program + " accepted it");
      }
      String why = program + " exited with " + exit + (said.isEmpty() ? "" : ": " + said);
      // EX_TEMPFAIL: the local queue could not take it now; other codes refuse the message.
      return exit == EX_TEMPFAIL ? new Outcome.NotSent(why) : new Outcome.Failed(why, false);
    } catch (IOException e) {
      process.destroyForcibly();
      return new Outcome.NotSent(program + ": " + e.getMessage());
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      return new Outcome.NotSent("interrupted");
    }
  }
}
