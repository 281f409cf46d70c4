package dev.mtasts.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mtasts.app.intake.TestReports;
import dev.mtasts.app.store.DomainSummary;
import dev.mtasts.app.store.ReportStore;
import dev.mtasts.app.store.StoreLocation;
import dev.mtasts.app.testing.MtastsJar;
import dev.mtasts.app.testing.NetNamespace;
import dev.mtasts.app.testing.PostfixInstance;
import dev.mtasts.app.testing.RequiredService;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Postfix delivers report mail for {@code rua=mailto:} through a pipe transport into {@code
 * mtasts report import -}: the report is stored and the mail is delivered; when the store is
 * unavailable the command exits 75 and Postfix keeps the mail queued to try again.
 */
class ReportImportPostfixIT {

  @TempDir Path dir;

  @Test
  void postfixsPipeTransportStoresReportMailAndDefersWhenTheStoreIsDown() throws Exception {
    MtastsJar jar = MtastsJar.assumeBuilt();
    RequiredService.assume(NetNamespace.available(), "network namespaces (root, ip)");
    RequiredService.assume(PostfixInstance.available(), "Postfix");
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path data = dir.resolve("data");
    Files.createDirectories(data);
    // The pipe runs as nobody: it must be able to write the store.
    new ProcessBuilder("chown", "nobody", data.toString()).start().waitFor();
    String java = String.join(" ", jar.command());
    List<String> master =
        List.of(
            "tlsrpt    unix  -       n       n       -       -       pipe",
            "  user=nobody argv=" + java + " report import --data " + data + " -",
            "tlsdown   unix  -       n       n       -       -       pipe",
            "  user=nobody argv="
                + java
                + " report import --database jdbc:postgresql://127.0.0.1:1/none?connectTimeout=1 -");
    List<String> main =
        List.of(
            "transport_maps = inline:{ reports.test=tlsrpt: down.test=tlsdown: }",
            "tlsrpt_destination_recipient_limit = 1",
            "tlsdown_destination_recipient_limit = 1");
    Path message = dir.resolve("report.eml");
    Files.write(message, TestReports.corpus("tlsrptrs-google1.eml"));
    Files.setPosixFilePermissions(message, PosixFilePermissions.fromString("rw-r--r--"));
    try (NetNamespace ns = NetNamespace.create();
        PostfixInstance postfix = PostfixInstance.start(ns, dir.resolve("postfix"), main, master)) {
      postfix.sendMessage("sender@sender.mtasts.test", "tlsrpt@reports.test", message);
      postfix.sendMessage("sender@sender.mtasts.test", "tlsrpt@down.test", message);
      Optional<String> stored = postfix.awaitStatus("tlsrpt@reports.test", Duration.ofSeconds(90));
      Optional<String> deferred = postfix.awaitStatus("tlsrpt@down.test", Duration.ofSeconds(90));
      assertThat(stored)
          .as(postfix.log())
          .hasValueSatisfying(l -> assertThat(l).contains("status=sent"));
      assertThat(deferred)
          .as(postfix.log())
          .hasValueSatisfying(
              l -> assertThat(l).contains("status=deferred", "the store is unavailable"));
    }
    try (ReportStore store = ReportStore.open(StoreLocation.inDataDirectory(data))) {
      assertThat(store.domains()).isNotEmpty();
      DomainSummary s =
          store.summary(store.domains().getFirst().domain(), Optional.empty(), Optional.empty());
      assertThat(s.reports()).isEqualTo(1);
    }
  }
}
