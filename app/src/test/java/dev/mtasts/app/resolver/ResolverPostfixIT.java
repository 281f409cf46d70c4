package dev.mtasts.app.resolver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mtasts.app.testing.MtastsJar;
import dev.mtasts.app.testing.NetNamespace;
import dev.mtasts.app.testing.PostfixInstance;
import dev.mtasts.app.testing.RequiredService;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Postfix asks our resolver through {@code smtp_tls_policy_maps}, inside a private network
 * namespace where the lab serves DNS on 127.0.0.1:53, policy hosts on 443 and MX hosts on 25: mail
 * to an enforce domain goes out only over verified TLS, and is deferred, never sent in plaintext,
 * when the MX certificate is bad.
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
      Files.writeString(
          config,
          """
          host: 127.0.0.1
          port: %d
          mtasts:
            ca_file: %s
            dns: 127.0.0.1:53
            allow_private_addresses: true
          """
              .formatted(RESOLVER_PORT, caFile));
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
    } finally {
      for (Process p : processes) {
        p.destroy();
        p.waitFor();
      }
    }
  }
}
