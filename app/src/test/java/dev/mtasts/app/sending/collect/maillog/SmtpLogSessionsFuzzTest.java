package dev.mtasts.app.sending.collect.maillog;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.mtasts.app.resolver.TlsrptAttributes;
import dev.mtasts.app.sending.collect.PolicyView;
import dev.mtasts.core.ParseResult;
import dev.mtasts.core.policy.Policy;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * The mail log is written by every program that logs to it: any line is either a Postfix {@code
 * smtp} record that counts or skipped, never thrown. Each input is a log (lines split at LF) read
 * for an enforce and a testing domain. {@code mvn test} replays the seeds in
 * src/test/resources/.../SmtpLogSessionsFuzzTestInputs; {@code JAZZER_FUZZ=1} fuzzes.
 */
class SmtpLogSessionsFuzzTest {

  private static final Instant NOW = Instant.parse("2026-12-03T13:00:00Z");

  private static PolicyView.KnownPolicy policy(String mode) {
    String text = "version: STSv1\nmode: " + mode + "\nmx: *.example.com\nmax_age: 86400\n";
    return new PolicyView.KnownPolicy(((ParseResult.Ok<Policy>) Policy.parse(text)).value(), text);
  }

  private static final PolicyView.KnownPolicy ENFORCE = policy("enforce");
  private static final PolicyView.KnownPolicy TESTING = policy("testing");

  @FuzzTest(maxDuration = "60s")
  void readsOrSkipsEveryLine(byte[] input) {
    SmtpLogSessions sessions =
        new SmtpLogSessions(
            domain ->
                Optional.ofNullable(
                    domain.startsWith("t") ? TESTING : domain.startsWith("e") ? ENFORCE : null),
            TlsrptAttributes::policyStrings,
            result -> {});
    for (String line : new String(input, StandardCharsets.UTF_8).split("\n", -1)) {
      sessions.accept(line, ZoneOffset.UTC, NOW);
    }
  }
}
