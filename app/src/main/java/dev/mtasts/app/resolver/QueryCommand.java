package dev.mtasts.app.resolver;

import dev.mtasts.app.cli.ExitCodes;
import dev.mtasts.app.cli.NetworkOptions;
import dev.mtasts.app.cli.ProblemOutput;
import dev.mtasts.app.socketmap.Reply;
import dev.mtasts.core.FileFailure;
import dev.mtasts.core.ParseResult;
import dev.mtasts.core.Problem;
import dev.mtasts.core.policy.Leniency;
import dev.mtasts.core.policy.Policy;
import dev.mtasts.core.resolve.InMemoryPolicyCache;
import dev.mtasts.core.resolve.PolicyResolution;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code mtasts query DOMAIN}: like the incumbent's {@code mta-sts-query}, resolves the policy once
 * as the daemon would (fresh, without its cache) and prints it with the exact reply Postfix gets.
 */
@Command(
    name = "query",
    mixinStandardHelpOptions = true,
    description = {
      "Resolve a domain's MTA-STS policy once, as the resolver daemon would.",
      "Prints the policy with the socketmap reply Postfix would get.",
      "Exit 0 when a policy applies, 1 when none, 2 on error."
    })
public final class QueryCommand implements Callable<Integer> {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  @Spec CommandSpec spec;

  @Parameters(paramLabel = "DOMAIN", description = "the next-hop domain, as Postfix asks for it")
  String domain;

  @Option(
      names = {"-c", "--config"},
      paramLabel = "FILE",
      description = "an mta-sts-daemon.yml for zones, timeouts and our mtasts/dane keys")
  Path config;

  @Option(
      names = "--zone",
      paramLabel = "NAME",
      description = "socketmap name (zone) to answer for (default: ${DEFAULT-VALUE})",
      defaultValue = "postfix")
  String zone;

  @Option(names = "--json", description = "one JSON object")
  boolean json;

  @Mixin NetworkOptions network;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    String yaml = "";
    if (config != null) {
      try {
        yaml = Files.readString(config);
      } catch (IOException e) {
        err.println("mtasts query: " + FileFailure.message(config, e));
        return ExitCodes.TOOL_ERROR;
      }
    }
    ParseResult<ResolverConfig> parsed = ResolverConfigReader.read(yaml);
    if (parsed instanceof ParseResult.Err<ResolverConfig> bad) {
      bad.errors().forEach(e -> err.println(config + ": error: " + e));
      return ExitCodes.TOOL_ERROR;
    }
    ResolverConfig cfg = parsed.orThrow();
    ParseResult<FetchOptions> options = withCommandLine(cfg.fetch());
    if (options instanceof ParseResult.Err<FetchOptions> bad) {
      bad.errors().forEach(e -> err.println("mtasts query: --dns: " + e));
      return ExitCodes.TOOL_ERROR;
    }
    ParseResult<PolicySources> sources = PolicySources.of(options.orThrow());
    if (sources instanceof ParseResult.Err<PolicySources> bad) {
      bad.errors().forEach(e -> err.println("mtasts query: " + e));
      return ExitCodes.TOOL_ERROR;
    }
    ResolverConfig queryConfig = cfg.withFetch(options.orThrow());
    try (InMemoryPolicyCache cache = new InMemoryPolicyCache(1);
        PolicyEngine engine =
            PolicyEngine.start(
                queryConfig.withoutProactiveFetching(),
                sources.orThrow(),
                cache,
                ResolverMetrics.NONE,
                false)) { // the deviations are in query's output: not logged a second time
      Optional<String> policyDomain = NextHop.policyDomain(domain);
      PolicyResolution resolution =
          policyDomain
              .map(d -> engine.resolver(zone).resolve(d))
              .orElse(new PolicyResolution.NoPolicy("not a domain: " + domain));
      Reply reply =
          engine.policyLookup().reply(policyDomain.orElse(domain), resolution, cfg.zone(zone));
      Map<String, Object> report = report(policyDomain.orElse(domain), resolution, reply);
      if (json) {
        out.println(JSON.writeValueAsString(report));
      } else {
        report.forEach((k, v) -> out.println(k + ": " + text(v)));
      }
      out.flush();
      return resolution instanceof PolicyResolution.Found
          ? ExitCodes.OK
          : resolution instanceof PolicyResolution.NoPolicy
              ? ExitCodes.PROBLEMS
              : ExitCodes.TOOL_ERROR;
    }
  }

  private ParseResult<FetchOptions> withCommandLine(FetchOptions fromConfig) {
    ParseResult<Optional<InetSocketAddress>> server = network.dnsServer();
    if (!(server instanceof ParseResult.Ok<Optional<InetSocketAddress>> ok)) {
      return ParseResult.err(server.errors(), List.of());
    }
    List<InetSocketAddress> dns = ok.value().map(List::of).orElse(fromConfig.dns());
    Optional<Path> caFile = Optional.ofNullable(network.caFile()).or(fromConfig::caFile);
    int port =
        spec.commandLine().getParseResult().hasMatchedOption("--https-port")
            ? network.httpsPort()
            : fromConfig.httpsPort();
    return ParseResult.ok(
        new FetchOptions(
            caFile,
            dns,
            port,
            fromConfig.dnssec(),
            network.allowPrivateAddresses() || fromConfig.allowPrivateAddresses()));
  }

  private static Map<String, Object> report(
      String domain, PolicyResolution resolution, Reply reply) {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("domain", domain);
    switch (resolution) {
      case PolicyResolution.Found found -> {
        r.put("result", "policy");
        r.put("id", found.cached().policyId());
        r.put("mode", found.policy().mode().token());
        r.put("mx", found.policy().mx().stream().map(Object::toString).toList());
        r.put("maxAge", found.policy().maxAge());
        r.put("policy", found.cached().policyText());
        // RFC 8461 §3.2 deviations the daemon reads past (Leniency.SENDER): the owner should fix
        // them
        List<Problem> deviations =
            Policy.parse(found.cached().policyText(), Leniency.SENDER).warnings();
        if (!deviations.isEmpty()) {
          r.put("warnings", ProblemOutput.json(deviations));
        }
      }
      case PolicyResolution.NoPolicy none -> {
        r.put("result", "none");
        r.put("reason", none.reason());
      }
      case PolicyResolution.TemporaryFailure failure -> {
        r.put("result", "temporary");
        r.put("reason", failure.reason());
      }
    }
    r.put("reply", reply.text());
    return r;
  }

  private static String text(Object value) {
    if (value instanceof List<?> list && !list.isEmpty() && list.getFirst() instanceof Map<?, ?>) {
      StringBuilder lines = new StringBuilder(); // problems, one a line
      for (Object element : list) {
        Map<?, ?> problem = (Map<?, ?>) element;
        lines.append("\n  ").append(problem.get("code"));
        if (problem.containsKey("line")) {
          lines.append(" (line ").append(problem.get("line")).append(')');
        }
        lines.append(": ").append(problem.get("message"));
      }
      return lines.toString();
    }
    if (value instanceof String s && s.contains("\n")) {
      return "\n  " + s.strip().replace("\r\n", "\n").replace("\n", "\n  ");
    }
    return value instanceof List<?> list
        ? String.join(" ", list.stream().map(Object::toString).toList())
        : String.valueOf(value);
  }
}
