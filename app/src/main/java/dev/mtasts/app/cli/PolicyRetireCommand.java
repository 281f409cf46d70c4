package dev.mtasts.app.cli;

import dev.mtasts.app.hosting.HostedDomain;
import dev.mtasts.app.hosting.HostedPolicy;
import dev.mtasts.app.rollout.ConfigFile;
import dev.mtasts.app.rollout.HostedRecords;
import dev.mtasts.app.rollout.RetirePlan;
import dev.mtasts.app.rollout.RetirePlanner;
import dev.mtasts.app.store.PolicyVersion;
import dev.mtasts.app.store.ReportStore;
import dev.mtasts.app.store.Retirement;
import dev.mtasts.app.store.RolloutStore;
import dev.mtasts.app.store.StoreUnavailableException;
import dev.mtasts.core.ParseResult;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code policy retire DOMAIN --config FILE}: RFC 8461 §8.3, planned from the policy history and
 * started; serve carries out the last step when it comes due.
 */
@Command(
    name = "retire",
    mixinStandardHelpOptions = true,
    description = {
      "Start taking a domain hosted by serve out of MTA-STS, as RFC 8461 describes it.",
      "Prints the plan with the date of each step, then sets mode none with a max_age of a day in"
          + " the config file: a new policy and id, served as soon as serve reloads, then"
          + " published.",
      "Serve keeps serving it until every earlier policy has expired from senders' caches, then"
          + " removes the _mta-sts record (dns_update) or logs that it is due, and removes the"
          + " domain's block from the config file (unless --keep-config).",
      "Run again, it prints the plan under way. Exit 0: started or under way; 2: the config or"
          + " the store is unusable."
    })
final class PolicyRetireCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "DOMAIN", description = "a domain under policy_host")
  String domain;

  @Option(names = "--config", required = true, paramLabel = "FILE", description = "serve's config")
  Path config;

  @Option(
      names = "--keep-config",
      description =
          "when the retirement completes, leave the domain's block (mode none) in the config file"
              + " instead of having serve remove it: for a file that config management owns."
              + " Given to a retirement under way, it switches that one.")
  boolean keepConfig;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Optional<HostedDomainInput> input =
        HostedDomainInput.read("policy retire", domain, config, err);
    if (input.isEmpty()) {
      return ExitCodes.TOOL_ERROR;
    }
    HostedDomain hosted = input.get().domain();
    Clock clock = Clock.systemUTC();
    try (ReportStore reports = ReportStore.open(input.get().file().config().storeLocation())) {
      RolloutStore store = new RolloutStore(reports);
      Optional<Retirement> started = store.retirement(hosted.domain());
      if (started.isPresent()) {
        Retirement r = started.get();
        if (keepConfig && !r.keepConfig() && r.removed().isEmpty()) {
          r = new Retirement(r.domain(), r.noneId(), r.started(), r.removeAt(), r.removed(), true);
          store.retire(r);
        }
        printUnderWay(r, out);
        return ExitCodes.OK;
      }
      Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
      HostedPolicy served = hosted.hostedPolicy();
      PolicyVersion current =
          new PolicyVersion(
              hosted.domain(),
              served.id(),
              hosted.policy().mode().token(),
              hosted.policy().maxAge(),
              served.text(),
              store.current(hosted.domain()).map(PolicyVersion::firstServed).orElse(now),
              Optional.empty(),
              Optional.empty());
      RetirePlan plan =
          new RetirePlanner(Clock.fixed(now, ZoneOffset.UTC))
              .plan(current, store.history(hosted.domain()));
      out.println("Plan for taking " + hosted.domain() + " out of MTA-STS (RFC 8461 §8.3):");
      plan.steps().forEach(s -> out.println("  " + s.at() + "  " + s.what()));
      out.flush();
      ParseResult<ConfigFile> edited =
          input
              .get()
              .file()
              .withDomainValues(
                  hosted.domain(),
                  Map.of("mode", "none", "max_age", Long.toString(plan.noneMaxAge())));
      if (!(edited instanceof ParseResult.Ok<ConfigFile> ok)) {
        edited.errors().forEach(p -> err.println("mtasts policy retire: " + p.message()));
        return ExitCodes.TOOL_ERROR;
      }
      HostedDomain none = ok.value().hosted(hosted.domain()).orElseThrow();
      ok.value().write();
      store.retire(
          new Retirement(
              hosted.domain(),
              none.hostedPolicy().id(),
              now,
              plan.removeAt(),
              Optional.empty(),
              keepConfig));
      out.println(
          "Started: policy_host.domains."
              + hosted.domain()
              + " is mode none, max_age "
              + plan.noneMaxAge()
              + " in "
              + config
              + "; the none policy's id is "
              + none.hostedPolicy().id());
      if (none.publishing().dnsUpdate().isPresent()) {
        out.println(
            "serve serves it, publishes its id by dynamic update, and removes _mta-sts."
                + hosted.domain()
                + " on "
                + plan.removeAt());
      } else {
        out.println("Once serve serves the none policy, publish:");
        out.println("  " + HostedRecords.records(none).getFirst().zoneLine());
        out.println(
            "On "
                + plan.removeAt()
                + " delete "
                + HostedRecords.stsName(hosted.domain())
                + ". TXT (serve logs when it is due).");
      }
      out.println(afterwards(hosted.domain(), keepConfig));
      out.flush();
      return ExitCodes.OK;
    } catch (StoreUnavailableException e) {
      err.println("mtasts policy retire: the store: " + e.getMessage());
      return ExitCodes.TOOL_ERROR;
    } catch (IOException e) {
      err.println("mtasts policy retire: cannot write " + config + ": " + e.getMessage());
      return ExitCodes.TOOL_ERROR;
    }
  }

  private void printUnderWay(Retirement r, PrintWriter out) {
    out.println(r.domain() + " is leaving MTA-STS (RFC 8461 §8.3), started " + r.started() + ":");
    out.println("  " + r.started() + "  served mode: none with id " + r.noneId());
    out.println(
        "  "
            + r.removeAt()
            + "  remove "
            + HostedRecords.stsName(r.domain())
            + " TXT"
            + r.removed().map(at -> ": done " + at).orElse(""));
    out.println(afterwards(r.domain(), r.keepConfig()));
    out.flush();
  }

  /** What happens to the domain's block in the config file when the retirement completes. */
  private String afterwards(String domain, boolean keep) {
    return keep
        ? "When the record is removed, policy_host.domains."
            + domain
            + " stays in "
            + config
            + " with mode none (--keep-config): serve no longer publishes or monitors it, and"
            + " answers the none policy until you remove the block."
        : "When the record is removed, serve removes policy_host.domains."
            + domain
            + " from "
            + config
            + " and stops serving the policy (--keep-config leaves the block).";
  }
}
