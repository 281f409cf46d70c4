package dev.mtasts.app.resolver;

import dev.mtasts.app.listen.Termination;
import dev.mtasts.app.socketmap.ProcessExit;
import dev.mtasts.core.FileFailure;
import dev.mtasts.core.ParseResult;
import dev.mtasts.core.Problem;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code mtasts resolver [--config FILE]}: the Postfix socketmap policy daemon. */
@Command(
    name = "resolver",
    mixinStandardHelpOptions = true,
    description = {
      "Run the Postfix socketmap policy daemon (smtp_tls_policy_maps) enforcing MTA-STS.",
      "A drop-in for postfix-mta-sts-resolver's mta-sts-daemon: it reads that daemon's"
          + " mta-sts-daemon.yml as it is."
    })
public final class ResolverCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = {"-c", "--config"},
      paramLabel = "FILE",
      description = "config file (default: ${DEFAULT-VALUE})",
      defaultValue = "/etc/mta-sts-daemon.yml")
  Path config;

  private static final Logger LOG = LoggerFactory.getLogger("mtasts.lifecycle");

  private String version() {
    try {
      String[] lines = spec.root().versionProvider().getVersion();
      return lines.length == 0 ? "" : lines[0];
    } catch (Exception e) {
      return "mtasts";
    }
  }

  @Override
  public Integer call() throws IOException, InterruptedException {
    PrintWriter err = spec.commandLine().getErr();
    String text;
    try {
      text = Files.readString(config);
    } catch (IOException e) {
      err.println("mtasts resolver: " + FileFailure.message(config, e));
      return 2;
    }
    ParseResult<ResolverConfig> parsed = ResolverConfigReader.read(text);
    for (Problem w : parsed.warnings()) {
      err.println(config + ": warning: " + w);
    }
    if (parsed instanceof ParseResult.Err<ResolverConfig> bad) {
      for (Problem e : bad.errors()) {
        err.println(config + ": error: " + e);
      }
      return 2;
    }
    ResolverConfig cfg = parsed.orThrow();
    ParseResult<PolicySources> sources = PolicySources.of(cfg.fetch());
    if (sources instanceof ParseResult.Err<PolicySources> bad) {
      bad.errors().forEach(e -> err.println(config + ": error: mtasts.ca_file: " + e));
      return 2;
    }
    ProcessExit.onUncaughtErrors();
    if ("root".equals(System.getProperty("user.name"))) {
      LOG.warn("running as root: a cache file it creates belongs to root; run as a service user");
    }
    ResolverService service =
        ResolverService.start(cfg, sources.orThrow(), SystemdNotifier.fromEnvironment());
    LOG.info(StartupLine.of(version(), config, cfg, service.socketmapAddress()));
    Termination.awaitThenClose(
        service, "resolver-shutdown", () -> LOG.info("mtasts resolver stopped"));
    return 0;
  }
}
