package dev.mtasts.app.cli;

import dev.mtasts.app.readiness.Readiness;
import dev.mtasts.app.readiness.ReadinessJson;
import dev.mtasts.app.readiness.ReadinessService;
import dev.mtasts.app.serve.ConfigOptions;
import dev.mtasts.app.serve.ServeConfig;
import dev.mtasts.app.store.ReportStore;
import dev.mtasts.app.store.StoreUnavailableException;
import dev.mtasts.core.domain.Domain;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code report readiness DOMAIN [--json] [--data DIR | --database URL | --config FILE]}: the
 * enforce-readiness verdict with its evidence (docs/readiness.md).
 */
@Command(
    name = "readiness",
    mixinStandardHelpOptions = true,
    description = {
      "Show whether DOMAIN can switch its MTA-STS policy from testing to enforce.",
      "The verdict comes from the stored TLS reports, with each reason and the evidence as tables.",
      "Thresholds come from the readiness section of --config (docs/readiness.md).",
      "Exit 0: ready. 1: not ready, or not enough data. 2: usage error.",
      "Exit 75 (EX_TEMPFAIL): the store is unavailable."
    })
final class ReportReadinessCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Mixin ConfigOptions options;

  @Parameters(index = "0", paramLabel = "DOMAIN", description = "the policy domain")
  String domain;

  @Option(names = "--json", description = "print the verdict as one JSON object")
  boolean json;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Optional<Domain> name = Domain.parse(domain.strip()).ok();
    if (name.isEmpty()) {
      err.println("mtasts report readiness: not a domain name: " + domain);
      return ExitCodes.TOOL_ERROR;
    }
    Optional<ServeConfig> config = options.load("report readiness", err);
    if (config.isEmpty()) {
      return ExitCodes.TOOL_ERROR;
    }
    Readiness readiness;
    try (ReportStore store = ReportStore.open(config.get().storeLocation())) {
      ServeConfig c = config.get();
      // a domain the config's policy_host serves: its mx lines, as serve judges it
      readiness =
          new ReadinessService(
                  store,
                  c.readiness(),
                  d -> c.policyHost().flatMap(p -> p.domain(d)).map(h -> h.hostedPolicy().mx()),
                  Clock.systemUTC())
              .assess(name.get().ascii());
    } catch (StoreUnavailableException e) {
      err.println("mtasts report readiness: the store is unavailable: " + e.getMessage());
      err.flush();
      return ExitCodes.TEMPORARY_FAILURE;
    }
    if (json) {
      out.println(ReadinessJson.write(readiness));
    } else {
      ReadinessText.print(out, readiness);
    }
    out.flush();
    return readiness.ready() ? ExitCodes.OK : ExitCodes.PROBLEMS;
  }
}
