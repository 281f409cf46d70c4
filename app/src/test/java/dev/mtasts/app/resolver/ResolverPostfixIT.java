package dev.mtasts.app.resolver;

import static dev.mtasts.core.tlsrpt.ResultType.CERTIFICATE_EXPIRED;
import static dev.mtasts.core.tlsrpt.ResultType.CERTIFICATE_HOST_MISMATCH;
import static dev.mtasts.core.tlsrpt.ResultType.VALIDATION_FAILURE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mtasts.app.sending.ReportingConfig;
import dev.mtasts.app.sending.SendingDatabase;
import dev.mtasts.app.sending.aggregate.DayCounts;
import dev.mtasts.app.sending.report.DailyReport;
import dev.mtasts.app.testing.MtastsJar;
import dev.mtasts.app.testing.NetNamespace;
import dev.mtasts.app.testing.PostfixInstance;
import dev.mtasts.app.testing.RequiredService;
import dev.mtasts.core.tlsrpt.FailureDetails;
import dev.mtasts.core.tlsrpt.PolicyResult;
import dev.mtasts.core.tlsrpt.PolicyType;
import dev.mtasts.core.tlsrpt.ResultType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Postfix asks our resolver through {@code smtp_tls_policy_maps}, inside a private network
 * namespace where the lab serves DNS on 127.0.0.1:53, policy hosts on 443 and MX hosts on 25: mail
 * to an enforce domain goes out only over verified TLS, and is deferred, never sent in plaintext,
 * when the MX certificate is bad. The resolver also reads Postfix's log (Postfix 3.7 has no
 * libtlsrpt) and counts each TLS session for the domain's TLS report.
 */
class ResolverPostfixIT {

  private static final int RESOLVER_PORT = 18461;
  private static final List<String> BAD_MX =
      List.of("mx-cert-untrusted.test", "mx-cert-expired.test", "mx-cert-wrongname.test");

  @Test
  void postfixDeliversEnforceDomainsOnlyOverVerifiedTls(@TempDir Path dir) throws Exception {
    RequiredService.assume(NetNamespace.available(), "root with iproute2 (network namespaces)");
    RequiredService.assume(PostfixInstance.available(), "Postfix");
    MtastsJar mtasts = MtastsJar.assumeBuilt();
    // Postfix runs as the postfix user: it must reach its queue and the lab's CA below dir.
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    List<Process> processes = new ArrayList<>();
    try (NetNamespace ns = NetNamespace.create()) {
      MtastsJar.RunningLab lab = mtasts.startLab(ns, dir);
      processes.add(lab.process());
      Path caFile = lab.caFile();
      Path labDir = dir.resolve("lab");

      Path config = dir.resolve("mta-sts-daemon.yml");
      // Postfix creates its log when it starts, after the resolver: the resolver waits for it.
      Path maillog = Files.createDirectories(dir.resolve("postfix")).resolve("maillog");
      Files.writeString(
          config,
          """
          host: 127.0.0.1
          port: %d
          mtasts:
            ca_file: %s
            dns: 127.0.0.1:53
            allow_private_addresses: true
          tlsrpt_reporting:
            postfix_log: %s
            data: %s
            organization_name: Sender IT
            contact_info: mailto:tlsrpt@sender.mtasts.test
            submitter: sender.mtasts.test
            dkim: mta
          """
              .formatted(RESOLVER_PORT, caFile, maillog, dir.resolve("sending")));
      Process resolver =
          new ProcessBuilder(mtasts.command(ns, "resolver", "--config", config.toString()))
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("resolver.log").toFile())
              .start();
      processes.add(resolver);
      ns.awaitPort(RESOLVER_PORT, Duration.ofSeconds(30));

      try (PostfixInstance postfix =
          PostfixInstance.start(
              ns,
              dir.resolve("postfix"),
              List.of(
                  "smtp_tls_policy_maps = socketmap:inet:127.0.0.1:" + RESOLVER_PORT + ":postfix",
                  "smtp_tls_CAfile = " + caFile))) {
        List<String> domains = new ArrayList<>(List.of("good.test", "testing.test"));
        domains.addAll(BAD_MX);
        for (String domain : domains) {
          postfix.send("alice@sender.mtasts.test", "bob@" + domain, "to " + domain, "hello");
        }
        String good = postfix.awaitStatus("bob@good.test", Duration.ofSeconds(60)).orElseThrow();
        assertThat(good).contains("status=sent");
        assertThat(postfix.log()).contains("Verified TLS connection established to mx1.good.test");
        assertThat(labDir.resolve("mail/good.test.mbox")).exists();

        assertThat(postfix.awaitStatus("bob@testing.test", Duration.ofSeconds(60)).orElseThrow())
            .contains("status=sent");
        for (String domain : BAD_MX) {
          assertThat(postfix.awaitStatus("bob@" + domain, Duration.ofSeconds(60)).orElseThrow())
              .as(domain)
              .contains("status=deferred");
          assertThat(labDir.resolve("mail/" + domain + ".mbox")).as(domain).doesNotExist();
        }
      }
      // Postfix has stopped: its log is complete. The resolver read it (Postfix 3.7 has no
      // libtlsrpt) and counted every session Postfix made, retries of the deferred mail included.
      String log = Files.readString(maillog);
      assertThat(log).doesNotContain("tlsrpt");
      ReportingConfig reporting =
          ResolverConfigReader.read(Files.readString(config)).orThrow().reporting().get();
      Map<String, ExpectedCounts> expected =
          Map.of(
              "good.test",
              new ExpectedCounts(PolicyType.STS, 1, 0, null),
              "testing.test",
              new ExpectedCounts(PolicyType.STS, 1, 0, null),
              "mx-cert-expired.test",
              new ExpectedCounts(
                  PolicyType.STS, 0, deferrals(log, "mx-cert-expired.test"), CERTIFICATE_EXPIRED),
              "mx-cert-untrusted.test",
              new ExpectedCounts(
                  PolicyType.STS, 0, deferrals(log, "mx-cert-untrusted.test"), VALIDATION_FAILURE),
              "mx-cert-wrongname.test",
              new ExpectedCounts(
                  PolicyType.STS,
                  0,
                  deferrals(log, "mx-cert-wrongname.test"),
                  CERTIFICATE_HOST_MISMATCH));
      for (var domain : expected.entrySet()) {
        await()
            .atMost(Duration.ofSeconds(30))
            .untilAsserted(
                () ->
                    assertThat(reported(reporting, domain.getKey()))
                        .as(domain.getKey())
                        .isEqualTo(domain.getValue()));
      }
    } finally {
      for (Process p : processes) {
        p.destroy();
        p.waitFor();
      }
    }
  }

  /** What a report says of a domain: its policy type, session counts, first failure's type. */
  private record ExpectedCounts(
      PolicyType policyType, long successful, long failed, ResultType firstFailure) {}

  /** Each deferral of the one message to a domain with one MX is one failed TLS session. */
  private static long deferrals(String log, String domain) {
    return log.lines()
        .filter(l -> l.contains("to=<bob@" + domain + ">") && l.contains("status=deferred"))
        .count();
  }

  /** The report {@code report send} would build for the domain, today (UTC) and yesterday. */
  private static ExpectedCounts reported(ReportingConfig reporting, String domain)
      throws Exception {
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    List<PolicyResult> results = new ArrayList<>();
    try (SendingDatabase database = SendingDatabase.open(reporting.databaseFile())) {
      DayCounts counts = new DayCounts(database);
      for (LocalDate day : List.of(today.minusDays(1), today)) {
        results.addAll(
            DailyReport.of(day, domain, counts.results(day, domain), reporting)
                .report()
                .policies());
      }
    }
    if (results.isEmpty()) {
      return null;
    }
    return new ExpectedCounts(
        results.getFirst().policy().policyType(),
        results.stream().mapToLong(r -> r.summary().totalSuccessfulSessionCount()).sum(),
        results.stream().mapToLong(r -> r.summary().totalFailureSessionCount()).sum(),
        results.stream()
            .flatMap(r -> r.failureDetails().stream())
            .map(FailureDetails::resultType)
            .findFirst()
            .orElse(null));
  }
}
