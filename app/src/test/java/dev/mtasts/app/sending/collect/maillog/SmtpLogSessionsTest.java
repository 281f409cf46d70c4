package dev.mtasts.app.sending.collect.maillog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mtasts.app.resolver.TlsrptAttributes;
import dev.mtasts.app.sending.HandshakeResult;
import dev.mtasts.app.sending.collect.PolicyView;
import dev.mtasts.core.ParseResult;
import dev.mtasts.core.policy.Policy;
import dev.mtasts.core.tlsrpt.FailureDetails;
import dev.mtasts.core.tlsrpt.PolicyType;
import dev.mtasts.core.tlsrpt.ResultType;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Recorded and written Postfix 3.7 log lines become the results Postfix 3.10+ would report. */
class SmtpLogSessionsTest {

  private static final Instant NOW = Instant.parse("2026-12-03T13:00:00Z");

  private final List<HandshakeResult> results = new CopyOnWriteArrayList<>();

  private static PolicyView.KnownPolicy policy(String mode, String... mx) {
    StringBuilder text = new StringBuilder("version: STSv1\r\nmode: " + mode + "\r\n");
    for (String host : mx) {
      text.append("mx: ").append(host).append("\r\n");
    }
    text.append("max_age: 86400\r\n");
    Policy policy = ((ParseResult.Ok<Policy>) Policy.parse(text.toString())).value();
    return new PolicyView.KnownPolicy(policy, text.toString());
  }

  private SmtpLogSessions sessions(Map<String, PolicyView.KnownPolicy> policies) {
    return new SmtpLogSessions(
        domain -> Optional.ofNullable(policies.get(domain)),
        TlsrptAttributes::policyStrings,
        results::add);
  }

  private void feed(SmtpLogSessions sessions, String fixture) throws IOException {
    try (BufferedReader in =
        new BufferedReader(
            new InputStreamReader(
                getClass().getResourceAsStream("/postfix-maillog/" + fixture),
                StandardCharsets.UTF_8))) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        sessions.accept(line, ZoneOffset.UTC, NOW);
      }
    }
  }

  private List<HandshakeResult> of(String domain) {
    return results.stream().filter(r -> r.policyDomain().equals(domain)).toList();
  }

  private static List<Optional<ResultType>> types(List<HandshakeResult> results) {
    List<Optional<ResultType>> types = new ArrayList<>();
    for (HandshakeResult r : results) {
      types.add(r.failure().map(FailureDetails::resultType));
    }
    return types;
  }

  @Test
  void aRealPostfix37RunAgainstTheLab() throws IOException {
    SmtpLogSessions sessions =
        sessions(
            Map.of(
                "good.test", policy("enforce", "mx1.good.test"),
                "testing.test", policy("testing", "mx1.testing.test"),
                "mx-cert-expired.test", policy("enforce", "mx1.mx-cert-expired.test"),
                "mx-cert-untrusted.test", policy("enforce", "mx1.mx-cert-untrusted.test"),
                "mx-cert-wrongname.test", policy("enforce", "mx1.mx-cert-wrongname.test")));

    feed(sessions, "lab-run-3.7.11.log");

    assertThat(results).hasSize(5);
    assertThat(types(of("good.test"))).containsExactly(Optional.empty());
    assertThat(types(of("testing.test"))).containsExactly(Optional.empty());
    assertThat(types(of("mx-cert-expired.test")))
        .containsExactly(Optional.of(ResultType.CERTIFICATE_EXPIRED));
    assertThat(types(of("mx-cert-wrongname.test")))
        .containsExactly(Optional.of(ResultType.CERTIFICATE_HOST_MISMATCH));
    FailureDetails selfSigned = of("mx-cert-untrusted.test").getFirst().failure().orElseThrow();
    assertThat(selfSigned)
        .isEqualTo(
            new FailureDetails(
                ResultType.VALIDATION_FAILURE,
                Optional.empty(),
                Optional.of("mx1.mx-cert-untrusted.test"),
                Optional.empty(),
                Optional.of("127.0.2.23"),
                1,
                Optional.empty(),
                Optional.of("self-signed_certificate")));
    HandshakeResult good = of("good.test").getFirst();
    assertThat(good.at()).isEqualTo(Instant.parse("2026-12-03T12:52:32Z"));
    assertThat(good.policy().policyType()).isEqualTo(PolicyType.STS);
    assertThat(good.policy().policyString())
        .containsExactly("version: STSv1", "mode: enforce", "mx: mx1.good.test", "max_age: 86400");
    assertThat(good.policy().mxHost()).containsExactly("mx1.good.test");
    assertThat(good.policy().policyDomain()).contains("good.test");
    assertThat(sessions.openProcesses()).isEqualTo(5);
  }

  @Test
  void theResolverKnowingNoPolicyMakesEveryHandshakeNoPolicyFound() throws IOException {
    feed(sessions(Map.of()), "lab-run-3.7.11.log");

    assertThat(results).hasSize(5);
    assertThat(results).allMatch(r -> r.policy().policyType().equals(PolicyType.NO_POLICY_FOUND));
    assertThat(results).allMatch(r -> r.policy().policyString().isEmpty());
    // Verification errors Postfix logs are reported whatever the policy, as tls_verify.c does.
    assertThat(results.stream().filter(r -> !r.successful())).hasSize(3);
  }

  @Test
  void everyCaseOfThePostfix37Source() throws IOException {
    feed(
        sessions(
            Map.of(
                "notls.example", policy("enforce", "mx1.notls.example", "mx2.notls.example"),
                "nostarttls.example", policy("enforce", "mx.nostarttls.example"),
                "enforce.example",
                    policy(
                        "enforce",
                        "mx.enforce.example",
                        "mx2.enforce.example",
                        "*.elsewhere.example"),
                "testing.example", policy("testing", "mx.testing.example"))),
        "cases-3.7.log");

    // The first MX lacks STARTTLS, the second delivers; one result per attempt, not per recipient.
    assertThat(types(of("notls.example")))
        .containsExactly(Optional.of(ResultType.STARTTLS_NOT_SUPPORTED), Optional.empty());
    assertThat(of("notls.example").getFirst().failure().orElseThrow().receivingIp())
        .contains("192.0.2.11");
    HandshakeResult broken = of("broken.example").getFirst();
    assertThat(broken.policy().policyType()).isEqualTo(PolicyType.NO_POLICY_FOUND);
    assertThat(broken.failure().orElseThrow().resultType())
        .isEqualTo(ResultType.VALIDATION_FAILURE);
    assertThat(broken.failure().orElseThrow().failureReasonCode())
        .contains("tls-handshake-failure");
    assertThat(types(of("nostarttls.example")))
        .containsExactly(Optional.of(ResultType.STARTTLS_NOT_SUPPORTED));
    // A reused connection is no handshake; a trusted chain refused is a name mismatch.
    assertThat(types(of("enforce.example")))
        .containsExactly(
            Optional.empty(),
            Optional.of(ResultType.CERTIFICATE_HOST_MISMATCH),
            Optional.of(ResultType.CERTIFICATE_NOT_TRUSTED));
    assertThat(types(of("plain.example"))).containsExactly(Optional.empty());
    // Testing mode: delivered at level may, judged as the policy would judge it.
    assertThat(types(of("testing.example")))
        .containsExactly(
            Optional.of(ResultType.CERTIFICATE_NOT_TRUSTED),
            Optional.of(ResultType.CERTIFICATE_HOST_MISMATCH));
    assertThat(of("testing.example").get(1).failure().orElseThrow().failureReasonCode())
        .contains("mx-not-in-policy");
    assertThat(of("down.example")).isEmpty();
    assertThat(results).hasSize(10);
    assertThat(results)
        .allMatch(
            r ->
                r.failure().isEmpty()
                    || !r.failure().get().resultType().value().startsWith("sts-"));
  }

  @Test
  void linesOfOtherProgramsAndOtherMessagesAreSkipped() {
    SmtpLogSessions sessions = sessions(Map.of());
    for (String line :
        List.of(
            "",
            "garbage",
            "2026-12-03T10:00:00+00:00 mail postfix/smtpd[1]: Verified TLS connection established"
                + " from a.example[192.0.2.1]:25: TLSv1.3",
            "2026-12-03T10:00:00+00:00 mail postfix/lmtp[2]: Verified TLS connection established to"
                + " a.example[192.0.2.1]:24: TLSv1.3",
            "2026-12-03T10:00:00+00:00 mail postfix/smtp[3]: warning: something",
            "2026-12-03T10:00:00+00:00 mail postfix/smtp[3]: 1A2B3C4D5E: to=<x@y.example>,"
                + " relay=a.example[192.0.2.1]:25, status=sent (250 ok)",
            "Dec 33 10:00:00 mail postfix/smtp[4]: Verified TLS connection established to"
                + " a.example[192.0.2.1]:25: TLSv1.3")) {
      sessions.accept(line, ZoneOffset.UTC, NOW);
    }

    assertThat(results).isEmpty();
  }

  @Test
  void aMultiInstancePostfixAndTheJournalsShortIsoFormatAreRead() {
    SmtpLogSessions sessions = sessions(Map.of());
    sessions.accept(
        "2026-12-03T10:00:00+0000 mail postfix-out/smtp[7]: Verified TLS connection established to"
            + " a.example[192.0.2.1]:25: TLSv1.3 with cipher X (256/256 bits)",
        ZoneOffset.UTC,
        NOW);
    sessions.accept(
        "2026-12-03T10:00:01+0000 mail postfix-out/smtp[7]: 1A2B3C4D5E: to=<x@Y.Example>,"
            + " relay=a.example[192.0.2.1]:25, delay=1, dsn=2.0.0, status=sent (250 ok)",
        ZoneOffset.UTC,
        NOW);

    assertThat(results).hasSize(1);
    assertThat(results.getFirst().policyDomain()).isEqualTo("y.example");
    assertThat(results.getFirst().at()).isEqualTo(Instant.parse("2026-12-03T10:00:01Z"));
  }

  @Test
  void aTraditionalTimestampFromLastDecemberReadInJanuaryIsLastYear() {
    Optional<MailLogRecord> record =
        MailLogRecord.parse(
            "Dec 31 23:59:59 mail postfix/smtp[1]: x",
            ZoneOffset.UTC,
            Instant.parse("2027-01-01T00:00:05Z"));

    assertThat(record.orElseThrow().at()).isEqualTo(Instant.parse("2026-12-31T23:59:59Z"));
  }
}
