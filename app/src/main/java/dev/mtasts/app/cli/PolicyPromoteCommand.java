package dev.mtasts.app.cli;

import dev.mtasts.app.check.Checkers;
import dev.mtasts.app.hosting.HostedDomain;
import dev.mtasts.app.listen.CannotStartException;
import dev.mtasts.app.readiness.Readiness;
import dev.mtasts.app.readiness.ReadinessService;
import dev.mtasts.app.rollout.ConfigFile;
import dev.mtasts.app.rollout.HostedRecords;
import dev.mtasts.app.rollout.HostedRollout;
import dev.mtasts.app.rollout.PromotionEvidence;
import dev.mtasts.app.store.ReportStore;
import dev.mtasts.app.store.StoreUnavailableException;
import dev.mtasts.core.ParseResult;
import dev.mtasts.core.check.CheckOptions;
import dev.mtasts.core.check.DomainReport;
import dev.mtasts.core.dns.DnssecMode;
import dev.mtasts.core.policy.Mode;
import dev.mtasts.core.tls.TrustAnchors;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code policy promote DOMAIN --config FILE [--force]}: testing to enforce (RFC 8461 §5), after
 * showing the evidence that enforce would not bounce mail, and refusing when it says it would.
 */
@Command(
    name = "promote",
    mixinStandardHelpOptions = true,
    description = {
      "Check that enforce would bounce no mail for a domain hosted by serve, then switch it from"
          + " testing to enforce.",
      "The evidence comes first: a live check that every MX host is covered by the policy and"
          + " offers STARTTLS, a TLS version serve accepts and a valid certificate, and the"
          + " readiness verdict of the stored TLS reports.",
      "Only the mode line of the domain changes in the config file; serve reloads it, serves the"
          + " new policy and then publishes its id.",
      "Exit 0: promoted (or enforcing already); 1: refused, the evidence says mail would bounce;"
          + " 2: the config, the store or an option is unusable."
    })
final class PolicyPromoteCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "DOMAIN", description = "a domain under policy_host")
  String domain;

  @Option(names = "--config", required = true, paramLabel = "FILE", description = "serve's config")
  Path config;

  @Option(names = "--force", description = "promote even where the evidence says mail would bounce")
  boolean force;

  @Mixin NetworkOptions network;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Optional<HostedDomainInput> input =
        HostedDomainInput.read("policy promote", domain, config, err);
    if (input.isEmpty()) {
      return ExitCodes.TOOL_ERROR;
    }
    HostedDomain hosted = input.get().domain();
    Mode mode = hosted.policy().mode();
    if (mode == Mode.ENFORCE) {
      out.println(
          hosted.domain() + " is in enforce mode already (id " + hosted.hostedPolicy().id() + ")");
      out.flush();
      return ExitCodes.OK;
    }
    if (mode == Mode.NONE) {
      err.println(
          "mtasts policy promote: "
              + hosted.domain()
              + " is in mode none (leaving MTA-STS, RFC 8461 §8.3); set its mode to testing in "
              + config
              + " first");
      return ExitCodes.PROBLEMS;
    }
    Optional<Checkers> checkers = checkers(input.get().file(), err);
    if (checkers.isEmpty()) {
      return ExitCodes.TOOL_ERROR;
    }
    Clock clock = Clock.systemUTC();
    out.println("Evidence for enforcing " + hosted.domain() + " (RFC 8461 §5):");
    out.flush();
    DomainReport report = checkers.get().checker(clock).check(hosted.domain());
    Optional<Readiness> readiness;
    try (ReportStore store = ReportStore.open(input.get().file().config().storeLocation())) {
      readiness =
          Optional.of(
              new ReadinessService(
                      store,
                      input.get().file().config().readiness(),
                      d ->
                          Optional.of(hosted.policy().mx().stream().map(p -> p.pattern()).toList()),
                      clock)
                  .assess(hosted.domain()));
    } catch (StoreUnavailableException e) {
      err.println("mtasts policy promote: cannot read the stored TLS reports: " + e.getMessage());
      return ExitCodes.TOOL_ERROR;
    }
    PromotionEvidence evidence = PromotionEvidence.of(hosted, report, readiness);
    evidence.lines().forEach(line -> out.println("  " + line));
    if (evidence.wouldBounce()) {
      out.println("In enforce mode mail would bounce:");
      evidence.blockers().forEach(b -> out.println("  - " + b));
      out.flush();
      if (!force) {
        err.println(
            "mtasts policy promote: refused: the evidence says enforce would bounce mail to "
                + hosted.domain()
                + "; fix the above, or --force promotes anyway");
        return ExitCodes.PROBLEMS;
      }
      err.println("mtasts policy promote: warning: promoting despite the above (--force)");
    } else {
      out.println("Nothing found that enforce would make bounce.");
    }
    ParseResult<ConfigFile> edited =
        input.get().file().withDomainValues(hosted.domain(), Map.of("mode", "enforce"));
    if (!(edited instanceof ParseResult.Ok<ConfigFile> ok)) {
      edited.errors().forEach(p -> err.println("mtasts policy promote: " + p.message()));
      return ExitCodes.TOOL_ERROR;
    }
    try {
      ok.value().write();
    } catch (IOException e) {
      err.println("mtasts policy promote: cannot write " + config + ": " + e.getMessage());
      return ExitCodes.TOOL_ERROR;
    }
    HostedDomain promoted = ok.value().hosted(hosted.domain()).orElseThrow();
    out.println(
        "Promoted: policy_host.domains."
            + promoted.domain()
            + ".mode is enforce in "
            + config
            + "; the new policy's id is "
            + promoted.hostedPolicy().id()
            + ", max_age "
            + promoted.policy().maxAge());
    out.println(
        promoted.publishing().dnsUpdate().isPresent()
            ? "serve reloads the config, serves the new policy, then publishes its id by dynamic"
                + " update."
            : "Once serve has reloaded the config and serves the new policy, publish:");
    if (promoted.publishing().dnsUpdate().isEmpty()) {
      HostedRecords.records(promoted).forEach(r -> out.println("  " + r.zoneLine()));
    }
    out.flush();
    return ExitCodes.OK;
  }

  /**
   * The checker as serve's monitoring runs it (the config's {@code dns}, {@code ca_file}, {@code
   * https_port}, {@code smtp_port}, {@code allow_private_addresses}), each overridden by its option
   * when given.
   */
  private Optional<Checkers> checkers(ConfigFile file, PrintWriter err) {
    ParseResult<Optional<InetSocketAddress>> server = network.dnsServer();
    if (!(server instanceof ParseResult.Ok<Optional<InetSocketAddress>> dns)) {
      err.println("mtasts policy promote: --dns: " + server.errors().getFirst().message());
      return Optional.empty();
    }
    Checkers config;
    try {
      config = HostedRollout.monitorCheckers(file.config());
    } catch (CannotStartException e) {
      err.println("mtasts policy promote: " + e.getMessage());
      return Optional.empty();
    }
    TrustAnchors anchors = config.anchors();
    if (network.caFile() != null) {
      ParseResult<TrustAnchors> read = TrustAnchors.jdkDefaultPlus(network.caFile());
      if (!(read instanceof ParseResult.Ok<TrustAnchors> ok)) {
        err.println("mtasts policy promote: --ca-file: " + read.errors().getFirst().message());
        return Optional.empty();
      }
      anchors = ok.value();
    }
    CommandLine.ParseResult given = spec.commandLine().getParseResult();
    return Optional.of(
        new Checkers(
            dns.value().or(config::dns),
            DnssecMode.TRUST_AD,
            anchors,
            given.hasMatchedOption("--https-port") ? network.httpsPort() : config.httpsPort(),
            given.hasMatchedOption("--smtp-port") ? network.smtpPort() : config.smtpPort(),
            network.timeout(),
            CheckOptions.DEFAULT_DEADLINE,
            network.allowPrivateAddresses() || config.allowPrivateAddresses()));
  }
}
