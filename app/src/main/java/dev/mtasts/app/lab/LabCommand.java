package dev.mtasts.app.lab;

import dev.mtasts.app.cli.ExitCodes;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tools.jackson.databind.json.JsonMapper;

/** {@code mtasts lab}: runs the world of test domains until interrupted (docs/lab.md). */
@Command(
    name = "lab",
    mixinStandardHelpOptions = true,
    description = {
      "Start a small world of mail domains on loopback: an authoritative DNS server for .test,"
          + " HTTPS policy hosts, SMTP servers with STARTTLS, and a private CA, one domain per"
          + " scenario (good.test, policy-404.test, mx-old-tls.test, ...).",
      "Point other commands at it with the options it prints; stop it with Ctrl-C."
    })
public final class LabCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--dir",
      defaultValue = "lab",
      description = "Where ca.pem, certs/ and mail/ are written (default: ${DEFAULT-VALUE}).")
  Path dir;

  @Option(
      names = "--dns-port",
      defaultValue = "" + LabOptions.DEFAULT_DNS_PORT,
      description =
          "DNS port on 127.0.0.1, UDP and TCP; 0 for a free one (default: ${DEFAULT-VALUE}).")
  int dnsPort;

  @Option(
      names = "--https-port",
      defaultValue = "" + LabOptions.DEFAULT_HTTPS_PORT,
      description = "Port of every policy host; 0 for a free one (default: ${DEFAULT-VALUE}).")
  int httpsPort;

  @Option(
      names = "--smtp-port",
      defaultValue = "" + LabOptions.DEFAULT_SMTP_PORT,
      description = "Port of every MX host; 0 for a free one (default: ${DEFAULT-VALUE}).")
  int smtpPort;

  @Option(
      names = "--zone-file",
      paramLabel = "PATH",
      description = "Also write the test. zone in master-file format to PATH (e.g. for knot).")
  Path zoneFile;

  @Option(
      names = "--zone-only",
      description = "With --zone-file: write the zone and exit without serving.")
  boolean zoneOnly;

  @Option(
      names = "--bulk",
      paramLabel = "N",
      defaultValue = "0",
      description =
          "For checking many domains at once, also serve N generated healthy domains"
              + " (bulk-0001.test and on) and "
              + BulkDomains.SLOW_COUNT
              + " slow ones (slow-01.test and on); N is 0 to "
              + BulkDomains.MAX_COUNT
              + ".")
  int bulk;

  @Option(
      names = "--slow-banner",
      paramLabel = "SECONDS",
      defaultValue = "5",
      description =
          "How long the MX of each slow domain waits before greeting (default: ${DEFAULT-VALUE}).")
  long slowBannerSeconds;

  @Option(
      names = "--json",
      description = "Print one JSON object describing the running lab, then nothing else.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    if (zoneOnly && zoneFile == null) {
      spec.commandLine().getErr().println("mtasts lab: --zone-only needs --zone-file");
      return ExitCodes.TOOL_ERROR;
    }
    if (bulk < 0 || bulk > BulkDomains.MAX_COUNT || slowBannerSeconds < 0) {
      spec.commandLine()
          .getErr()
          .println(
              "mtasts lab: --bulk must be 0 to "
                  + BulkDomains.MAX_COUNT
                  + " and --slow-banner not negative");
      return ExitCodes.TOOL_ERROR;
    }
    LabOptions options =
        LabOptions.defaults(dir)
            .withPorts(dnsPort, httpsPort, smtpPort)
            .withBulkDomains(bulk)
            .withSlowBanner(Duration.ofSeconds(slowBannerSeconds));
    CountDownLatch stopped = new CountDownLatch(1);
    try (Lab lab = Lab.start(options)) {
      if (zoneFile != null) {
        Files.writeString(zoneFile, lab.zoneText());
        if (zoneOnly) {
          return ExitCodes.OK;
        }
      }
      Thread hook =
          new Thread(
              () -> {
                lab.close();
                stopped.countDown();
              });
      Runtime.getRuntime().addShutdownHook(hook);
      out.println(json ? describe(lab) : banner(lab));
      out.flush();
      try {
        stopped.await();
      } catch (InterruptedException e) {
        // Stopped from inside this process (tests): undo the hook and close normally.
        Runtime.getRuntime().removeShutdownHook(hook);
        Thread.currentThread().interrupt();
      }
    }
    return ExitCodes.OK;
  }

  /** The one JSON line of {@code --json}, in the shape docs/lab.md fixes. */
  static String describe(Lab lab) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put(
        "dns", lab.dnsAddress().getAddress().getHostAddress() + ":" + lab.dnsAddress().getPort());
    fields.put("caFile", lab.caFile().toString());
    fields.put("httpsPort", lab.httpsPort());
    fields.put("smtpPort", lab.smtpPort());
    fields.put("domains", lab.domains());
    return JsonMapper.builder().build().writeValueAsString(fields);
  }

  private static String banner(Lab lab) {
    StringBuilder text = new StringBuilder("mtasts lab is running. Use it with:\n  ");
    text.append(lab.clientOptions()).append("\n\n");
    long generated = lab.domains().stream().filter(BulkDomains::isGenerated).count();
    for (Scenario scenario : lab.scenarios()) {
      if (BulkDomains.isGenerated(scenario.domain())) {
        continue;
      }
      text.append(
          String.format(
              "  %-28s %-44s %s%n",
              scenario.domain(), scenario.defect(), scenario.expectedCode().orElse("(pass)")));
    }
    if (generated > 0) {
      text.append(
          String.format(
              "  and %d generated domains: bulk-0001.test ... healthy, slow-01.test ... with an MX"
                  + " that greets after %d s%n",
              generated, lab.slowBanner().toSeconds()));
    }
    if (!lab.oldTlsEnabled()) {
      text.append(
          "\nwarning: this JVM refuses TLS 1.0/1.1, so mx-old-tls.test cannot handshake.\n");
    }
    return text.append("\nPress Ctrl-C to stop.").toString();
  }
}
