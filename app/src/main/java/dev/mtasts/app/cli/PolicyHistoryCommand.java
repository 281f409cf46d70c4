package dev.mtasts.app.cli;

import dev.mtasts.app.api.Table;
import dev.mtasts.app.rollout.ConfigFile;
import dev.mtasts.app.rollout.PolicyHistory;
import dev.mtasts.app.store.PolicyVersion;
import dev.mtasts.app.store.ReportStore;
import dev.mtasts.app.store.RolloutStore;
import dev.mtasts.app.store.StoreUnavailableException;
import dev.mtasts.core.ParseResult;
import dev.mtasts.core.check.DomainChecker;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code policy history DOMAIN --config FILE [--json]}: every policy version serve served for a
 * domain (RFC 8461 §3.1) and its retirement (§8.3), from the store the config names.
 */
@Command(
    name = "history",
    mixinStandardHelpOptions = true,
    description = {
      "Show the policies serve has served for a domain: mode, max_age, id, when each was first"
          + " and last served, until when senders may cache it, and when its id was published by"
          + " dynamic update; and a retirement's steps, when each ran or is due.",
      "The domain may have left the config (a completed retirement); its history stays in the"
          + " store.",
      "Exit 0: printed; 2: the config or the store is unusable, or neither knows DOMAIN."
    })
final class PolicyHistoryCommand implements Callable<Integer> {

  private static final String COMMAND = "mtasts policy history: ";

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "DOMAIN", description = "a domain serve hosts or hosted")
  String domain;

  @Option(names = "--config", required = true, paramLabel = "FILE", description = "serve's config")
  Path config;

  @Option(names = "--json", description = "one JSON object")
  boolean json;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Optional<String> name = DomainChecker.normalize(domain);
    if (name.isEmpty()) {
      err.println(COMMAND + domain + " is not a domain name");
      return ExitCodes.TOOL_ERROR;
    }
    ParseResult<ConfigFile> file = ConfigFile.read(config);
    file.warnings().forEach(w -> err.println(COMMAND + "warning: " + w));
    if (!(file instanceof ParseResult.Ok<ConfigFile> ok)) {
      file.errors().forEach(p -> err.println(COMMAND + p.message()));
      return ExitCodes.TOOL_ERROR;
    }
    boolean hosted = ok.value().hosted(name.get()).isPresent();
    PolicyHistory history;
    try (ReportStore reports = ReportStore.open(ok.value().config().storeLocation())) {
      history = PolicyHistory.of(new RolloutStore(reports), name.get());
    } catch (StoreUnavailableException e) {
      err.println(COMMAND + "the store: " + e.getMessage());
      return ExitCodes.TOOL_ERROR;
    }
    if (history.isEmpty() && !hosted) {
      err.println(
          COMMAND
              + config
              + " does not host "
              + name.get()
              + " and its store holds no history of it");
      return ExitCodes.TOOL_ERROR;
    }
    if (json) {
      out.println(ProblemOutput.JSON.writeValueAsString(json(history, hosted)));
    } else {
      text(history, hosted, out);
    }
    out.flush();
    return ExitCodes.OK;
  }

  private static Map<String, Object> json(PolicyHistory history, boolean hosted) {
    Map<String, Object> object = new LinkedHashMap<>();
    object.put("domain", history.domain());
    object.put("hosted", hosted);
    object.put("currentId", history.current().map(PolicyVersion::id).orElse(null));
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    object.put(
        "versions",
        history.versions().stream()
            .map(
                v -> {
                  Map<String, Object> version = new LinkedHashMap<>();
                  version.put("id", v.id());
                  version.put("mode", v.mode());
                  version.put("maxAge", v.maxAge());
                  version.put("firstServed", v.firstServed().toString());
                  version.put("retired", v.retired().map(Instant::toString).orElse(null));
                  version.put("cachedUntil", v.cachedUntil(now).toString());
                  version.put("published", v.published().map(Instant::toString).orElse(null));
                  version.put("policy", v.text());
                  return version;
                })
            .toList());
    object.put(
        "retirement",
        history
            .retirement()
            .map(
                r -> {
                  Map<String, Object> retirement = new LinkedHashMap<>();
                  retirement.put("noneId", r.noneId());
                  retirement.put("started", r.started().toString());
                  retirement.put("removeAt", r.removeAt().toString());
                  retirement.put("removed", r.removed().map(Instant::toString).orElse(null));
                  retirement.put("keepConfig", r.keepConfig());
                  retirement.put(
                      "steps",
                      history.retirementSteps().stream()
                          .map(
                              s -> {
                                Map<String, Object> step = new LinkedHashMap<>();
                                step.put("step", s.number());
                                step.put("what", s.what());
                                step.put("done", s.done());
                                step.put("at", s.at().map(Instant::toString).orElse(null));
                                return step;
                              })
                          .toList());
                  return retirement;
                })
            .orElse(null));
    return object;
  }

  private static void text(PolicyHistory history, boolean hosted, PrintWriter out) {
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    List<List<String>> rows =
        history.versions().stream()
            .map(
                v ->
                    List.of(
                        v.firstServed().toString(),
                        v.retired().map(Instant::toString).orElse("(served now)"),
                        v.cachedUntil(now).toString(),
                        v.published().map(Instant::toString).orElse("-"),
                        v.mode(),
                        Long.toString(v.maxAge()),
                        v.id()))
            .toList();
    TextTable.print(
        out,
        "Policies serve served for "
            + history.domain()
            + (hosted ? "" : " (no longer in the config)")
            + ", oldest first (RFC 8461 §3.1; published: by dynamic update, - when not by serve):",
        new Table(
            "history",
            List.of(
                "first_served",
                "last_served",
                "cached_until",
                "published",
                "mode",
                "max_age",
                "id"),
            List.of(false, false, false, false, false, true, false),
            rows));
    if (history.retirement().isEmpty()) {
      out.println("No retirement started (mtasts policy retire starts one, RFC 8461 §8.3).");
      return;
    }
    out.println(
        "Retirement (RFC 8461 §8.3), started "
            + history.retirement().get().started()
            + (history.retirement().get().keepConfig()
                ? " (--keep-config: the block stays in the config)"
                : "")
            + ":");
    for (PolicyHistory.Step s : history.retirementSteps()) {
      String when =
          s.done()
              ? "done " + s.at().map(Instant::toString).orElse("")
              : s.at().map(at -> "due  " + at).orElse("not recorded");
      out.println("  " + s.number() + ". " + when + "  " + s.what());
    }
  }
}
