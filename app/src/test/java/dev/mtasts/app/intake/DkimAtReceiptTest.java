package dev.mtasts.app.intake;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mtasts.app.store.ReportStore;
import dev.mtasts.app.store.StoreLocation;
import dev.mtasts.core.dkim.DkimSigner;
import dev.mtasts.core.dkim.DkimVerifier;
import dev.mtasts.core.dns.DnsResolver;
import dev.mtasts.core.dns.DnsStatus;
import dev.mtasts.core.dns.InMemoryResolver;
import dev.mtasts.core.tlsrpt.ReportReader;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** RFC 8460 §3: report mail is DKIM-verified at receipt and the verdict stored with it. */
class DkimAtReceiptTest {

  private static final String SELECTOR = "tlsrpt";
  private static final String SIGNER = "sender.example";
  private static KeyPair keys;

  @TempDir Path dir;
  private Path file;
  private ReportStore store;
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  @BeforeAll
  static void makeKey() throws NoSuchAlgorithmException {
    KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
    rsa.initialize(2048);
    keys = rsa.generateKeyPair();
  }

  @BeforeEach
  void open() {
    file = dir.resolve("store.db");
    store = ReportStore.open(new StoreLocation.Sqlite(file));
  }

  @AfterEach
  void close() {
    store.close();
  }

  /** A signed report for example.org from reports@sender.example, signed by sender.example. */
  static byte[] signedReport(String reportId) {
    byte[] mail = unsignedReport(reportId);
    return new DkimSigner(SIGNER, SELECTOR, keys.getPrivate(), Clock.systemUTC()).sign(mail);
  }

  static byte[] unsignedReport(String reportId) {
    return TestReports.mail(
        "TLS reports <reports@" + SIGNER + ">",
        "example.org",
        TestReports.json("Sender Inc", reportId, "2026-12-01", "example.org", 10, Map.of()));
  }

  /** The key published at tlsrpt._domainkey.sender.example. */
  static DnsResolver dnsWithKey() {
    return InMemoryResolver.builder()
        .txt(
            SELECTOR + "._domainkey." + SIGNER,
            "v=DKIM1; k=rsa; p="
                + Base64.getEncoder().encodeToString(keys.getPublic().getEncoded()))
        .build();
  }

  private IntakePipeline pipeline(DkimPolicy.Mode mode, DnsResolver dns) {
    return new IntakePipeline(
        new ReportReader(),
        Attribution.only(Set.of("example.org")),
        store,
        new IntakeMetrics(registry),
        new DkimPolicy(mode, new DkimVerifier(dns, Clock.systemUTC())));
  }

  private static Outcome accept(IntakePipeline p, byte[] bytes) {
    return p.accept(Receipt.of(bytes, Source.of(Source.IMPORT, "test.eml")));
  }

  /** Each stored raw report's dkim_result, dkim_domain, dkim_aligned, in insertion order. */
  private List<String> storedVerdicts() throws SQLException {
    List<String> out = new ArrayList<>();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT dkim_result, dkim_domain, dkim_aligned FROM raw_report ORDER BY id")) {
      while (rs.next()) {
        Object aligned = rs.getObject(3);
        out.add(
            rs.getString(1)
                + " "
                + rs.getString(2)
                + " "
                + (aligned == null ? null : rs.getBoolean(3)));
      }
    }
    return out;
  }

  private double counted(String result) {
    var c = registry.find("mtasts.report.dkim").tag("result", result).counter();
    return c == null ? 0 : c.count();
  }

  @Test
  void aSignedReportIsStoredWithPassItsDomainAndAlignment() throws SQLException {
    Outcome o = accept(pipeline(DkimPolicy.Mode.REQUIRE, dnsWithKey()), signedReport("r1"));

    assertThat(o).isEqualTo(new Outcome.Stored(List.of("example.org")));
    assertThat(storedVerdicts()).containsExactly("pass sender.example true");
    assertThat(counted("pass")).isEqualTo(1);
  }

  @Test
  void anUnsignedReportIsStoredFlaggedUnderPrefer() throws SQLException {
    Outcome o = accept(pipeline(DkimPolicy.Mode.PREFER, dnsWithKey()), unsignedReport("r1"));

    assertThat(o).isInstanceOf(Outcome.Stored.class);
    assertThat(storedVerdicts()).containsExactly("none null null");
    assertThat(counted("none")).isEqualTo(1);
  }

  @Test
  void anUnsignedReportIsRefusedUnderRequireAndNothingIsStored() throws SQLException {
    Outcome o = accept(pipeline(DkimPolicy.Mode.REQUIRE, dnsWithKey()), unsignedReport("r1"));

    assertThat(o).isInstanceOf(Outcome.Rejected.class);
    assertThat(((Outcome.Rejected) o).code()).isEqualTo("REPORT_DKIM_REQUIRED");
    assertThat(((Outcome.Rejected) o).reason()).contains("none", "require");
    assertThat(storedVerdicts()).isEmpty();
    assertThat(counted("none")).isEqualTo(1);
  }

  @Test
  void aTamperedReportFails() throws SQLException {
    byte[] signed = signedReport("r1");
    String text = new String(signed, StandardCharsets.ISO_8859_1);
    byte[] tampered =
        text.replace("A TLS report.", "A TLS report!").getBytes(StandardCharsets.ISO_8859_1);
    assertThat(tampered).isNotEqualTo(signed);

    Outcome preferred = accept(pipeline(DkimPolicy.Mode.PREFER, dnsWithKey()), tampered);
    Outcome required = accept(pipeline(DkimPolicy.Mode.REQUIRE, dnsWithKey()), tampered);

    assertThat(preferred).isInstanceOf(Outcome.Stored.class);
    assertThat(storedVerdicts()).containsExactly("fail sender.example true");
    // verified before de-duplication: the stored copy does not let a failing one through
    assertThat(required).isInstanceOf(Outcome.Rejected.class);
  }

  @Test
  void aTamperedReportIsRefusedUnderRequire() throws SQLException {
    String text = new String(signedReport("r1"), StandardCharsets.ISO_8859_1);
    byte[] tampered =
        text.replace("From: TLS reports", "From: TLS Reports")
            .getBytes(StandardCharsets.ISO_8859_1);

    Outcome o = accept(pipeline(DkimPolicy.Mode.REQUIRE, dnsWithKey()), tampered);

    assertThat(o).isInstanceOf(Outcome.Rejected.class);
    assertThat(((Outcome.Rejected) o).reason()).contains("fail");
    assertThat(storedVerdicts()).isEmpty();
  }

  @Test
  void aKeyLookupFailureUnderRequireIsTemporary() throws SQLException {
    DnsResolver broken =
        InMemoryResolver.builder()
            .fail(SELECTOR + "._domainkey." + SIGNER, DnsStatus.SERVFAIL)
            .build();

    Outcome required = accept(pipeline(DkimPolicy.Mode.REQUIRE, broken), signedReport("r1"));

    assertThat(required).isInstanceOf(Outcome.TemporaryFailure.class);
    assertThat(storedVerdicts()).isEmpty();
    assertThat(counted("temperror")).isEqualTo(1);
  }

  @Test
  void aKeyLookupFailureUnderPreferIsStoredAsTemperror() throws SQLException {
    DnsResolver broken =
        InMemoryResolver.builder()
            .fail(SELECTOR + "._domainkey." + SIGNER, DnsStatus.SERVFAIL)
            .build();

    assertThat(accept(pipeline(DkimPolicy.Mode.PREFER, broken), signedReport("r1")))
        .isInstanceOf(Outcome.Stored.class);
    assertThat(storedVerdicts()).containsExactly("temperror sender.example true");
  }

  @Test
  void offStoresNoVerdictAndUploadsOfJsonAreNeverVerified() throws SQLException {
    IntakePipeline off = pipeline(DkimPolicy.Mode.OFF, dnsWithKey());
    IntakePipeline required = pipeline(DkimPolicy.Mode.REQUIRE, dnsWithKey());

    assertThat(accept(off, unsignedReport("r1"))).isInstanceOf(Outcome.Stored.class);
    // RFC 8460 §5.4: an HTTPS upload is no mail; require does not apply to it
    assertThat(
            accept(
                required,
                TestReports.gzip(
                    TestReports.json(
                        "Sender Inc", "r2", "2026-12-01", "example.org", 1, Map.of()))))
        .isInstanceOf(Outcome.Stored.class);
    assertThat(storedVerdicts()).containsExactly("null null null", "null null null");
    assertThat(counted("none")).isZero();
  }
}
