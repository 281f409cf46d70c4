package dev.mtasts.app.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mtasts.app.alert.Alert;
import dev.mtasts.app.alert.AlertDispatcher;
import dev.mtasts.app.check.Checkers;
import dev.mtasts.app.lab.Lab;
import dev.mtasts.app.lab.LabOptions;
import dev.mtasts.app.lab.Scenarios;
import dev.mtasts.app.lab.Setup;
import dev.mtasts.app.store.MonitorCheck;
import dev.mtasts.app.store.ReportStore;
import dev.mtasts.app.store.RolloutStore;
import dev.mtasts.app.store.StoreLocation;
import dev.mtasts.core.ParseResult;
import dev.mtasts.core.check.DomainChecker;
import dev.mtasts.core.dns.DnssecMode;
import dev.mtasts.core.policy.Policy;
import dev.mtasts.core.tls.TrustAnchors;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The monitoring against the lab: the lab's domains checked as serve would check the domains it
 * hosts, each defect turned into its alert, a healthy domain into none, and an alert cleared when
 * the next check no longer finds it.
 */
class MonitorLabTest {

  @TempDir static Path dir;
  @TempDir Path storeDir;
  static Lab lab;
  static DomainChecker checker;
  ReportStore reports;
  RolloutStore store;
  AlertDispatcher alerts;
  final List<ServedPolicy> hosted = new ArrayList<>();
  HostedMonitor monitor;

  @BeforeAll
  static void startLab() throws Exception {
    lab = Lab.start(LabOptions.ephemeral(dir));
    TrustAnchors anchors =
        ((ParseResult.Ok<TrustAnchors>) TrustAnchors.jdkDefaultPlus(lab.caFile())).value();
    checker =
        new Checkers(
                Optional.of(lab.dnsAddress()),
                DnssecMode.OFF,
                anchors,
                lab.httpsPort(),
                lab.smtpPort(),
                Duration.ofSeconds(5),
                Duration.ofSeconds(60),
                true)
            .checker(Clock.systemUTC());
  }

  @AfterAll
  static void stopLab() {
    if (lab != null) {
      lab.close();
    }
  }

  @BeforeEach
  void open() {
    reports = ReportStore.open(new StoreLocation.Sqlite(storeDir.resolve("store.db")));
    store = new RolloutStore(reports);
    alerts =
        new AlertDispatcher(reports, List.of(), AlertDispatcher.Retry.DEFAULT, Clock.systemUTC());
    monitor =
        new HostedMonitor(checker, () -> List.copyOf(hosted), store, alerts, Clock.systemUTC());
  }

  @AfterEach
  void close() {
    monitor.close();
    alerts.close();
    reports.close();
  }

  /** The domain hosted with the lab's own policy and id: what serve would serve. */
  static ServedPolicy asInLab(String domain) {
    String text = Scenarios.find(domain).orElseThrow().setup().policyText();
    return served(domain, Setup.POLICY_ID, text);
  }

  static ServedPolicy served(String domain, String id, String text) {
    return new ServedPolicy(domain, id, ((ParseResult.Ok<Policy>) Policy.parse(text)).value());
  }

  private List<String> openAlerts(String domain) {
    return alerts.open(domain).stream().map(a -> a.kind() + " " + a.subject()).toList();
  }

  @Test
  void healthyDomainRaisesNothingAndTheCheckIsKept() {
    hosted.add(asInLab("good.test"));
    List<MonitorCheck> checks = monitor.runOnce();
    assertThat(checks).singleElement().satisfies(c -> assertThat(c.alerts()).isEmpty());
    assertThat(openAlerts("good.test")).isEmpty();
    MonitorCheck kept = store.checks("good.test", 5).getFirst();
    assertThat(kept.status()).isEqualTo("pass");
    assertThat(kept.reportJson()).contains("\"domain\":\"good.test\"", "mx1.good.test");
  }

  @Test
  void staleIdIsRaisedThenClearedWhenTheServedIdIsPublished() {
    String text = Scenarios.find("good.test").orElseThrow().setup().policyText();
    hosted.add(served("good.test", "20261203000000", text));
    monitor.runOnce();
    assertThat(openAlerts("good.test")).containsExactly("sts-id-stale _mta-sts.good.test");
    assertThat(alerts.open("good.test").getFirst().message())
        .contains("publishes id " + Setup.POLICY_ID, "id is 20261203000000");

    hosted.set(0, asInLab("good.test"));
    monitor.runOnce();
    assertThat(openAlerts("good.test")).isEmpty();
    assertThat(store.checks("good.test", 5)).hasSize(2);
  }

  @Test
  void mxTheServedPolicyNoLongerCoversIsRaised() {
    hosted.add(
        served(
            "good.test",
            Setup.POLICY_ID,
            "version: STSv1\r\nmode: enforce\r\nmx: mx1.good.test\r\nmax_age: 604800\r\n"));
    monitor.runOnce();
    assertThat(openAlerts("good.test")).contains("mx-not-covered mx2.good.test");
    assertThat(openAlerts("good.test")).doesNotContain("mx-not-covered mx1.good.test");
  }

  @Test
  void expiredMxCertificateIsRaised() {
    hosted.add(asInLab("mx-cert-expired.test"));
    monitor.runOnce();
    assertThat(openAlerts("mx-cert-expired.test"))
        .containsExactly("certificate-expiring mx1.mx-cert-expired.test");
    assertThat(alerts.open("mx-cert-expired.test").getFirst().message()).contains("expired on");
  }

  @Test
  void expiredPolicyHostCertificateIsRaised() {
    hosted.add(asInLab("policy-cert-expired.test"));
    monitor.runOnce();
    assertThat(openAlerts("policy-cert-expired.test"))
        .contains("certificate-expiring mta-sts.policy-cert-expired.test");
  }

  @Test
  void missingTlsRptRecordIsRaised() {
    hosted.add(asInLab("no-tlsrpt.test"));
    monitor.runOnce();
    assertThat(openAlerts("no-tlsrpt.test"))
        .containsExactly("tlsrpt-record-missing _smtp._tls.no-tlsrpt.test");
  }

  @Test
  void policyHostThatDoesNotAnswerIsRaised() {
    hosted.add(asInLab("no-policy-host.test"));
    hosted.add(asInLab("policy-404.test"));
    monitor.runOnce();
    assertThat(openAlerts("no-policy-host.test"))
        .containsExactly("policy-host-down mta-sts.no-policy-host.test");
    assertThat(openAlerts("policy-404.test"))
        .containsExactly("policy-host-down mta-sts.policy-404.test");
    assertThat(alerts.open("policy-404.test").getFirst().message()).contains("POLICY_HTTP_STATUS");
  }

  @Test
  void eachAlertIsRaisedOnceWhileItHolds() {
    hosted.add(asInLab("no-tlsrpt.test"));
    monitor.runOnce();
    monitor.runOnce();
    List<Alert> open = alerts.open("no-tlsrpt.test");
    assertThat(open).hasSize(1);
    assertThat(store.checks("no-tlsrpt.test", 5)).hasSize(2);
  }
}
