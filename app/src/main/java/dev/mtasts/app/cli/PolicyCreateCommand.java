package dev.mtasts.app.cli;

import dev.mtasts.app.hosting.HostedDomain;
import dev.mtasts.core.FileFailure;
import dev.mtasts.core.ParseResult;
import dev.mtasts.core.Problem;
import dev.mtasts.core.check.DomainChecker;
import dev.mtasts.core.dns.DnsAnswer;
import dev.mtasts.core.dns.DnsOptions;
import dev.mtasts.core.dns.DnsjavaResolver;
import dev.mtasts.core.dns.MxRecord;
import dev.mtasts.core.policy.Mode;
import dev.mtasts.core.policy.MxPattern;
import dev.mtasts.core.policy.Policy;
import dev.mtasts.core.policy.StsRecord;
import dev.mtasts.core.publish.Publication;
import dev.mtasts.core.tlsrpt.TlsRptRecord;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code policy create}: writes a policy file and the DNS records that announce it (RFC 8461 §3,
 * RFC 8460 §3), from the owner's choices or, for the MX hosts, from the domain's live MX records.
 */
@Command(
    name = "create",
    mixinStandardHelpOptions = true,
    description = {
      "Write an MTA-STS policy file and the DNS records to publish with it.",
      "Without --mx, the policy names the domain's MX hosts as DNS gives them now. In enforce"
          + " mode the live MX hosts must match an --mx pattern and max_age must not be 0, or"
          + " mail would bounce or the policy protect nothing: refused without --force.",
      "Exit 0: written; 1: the domain has no mail hosts to name, or the policy was refused;",
      "2: an option is invalid or the MX records cannot be read."
    })
final class PolicyCreateCommand implements Callable<Integer> {

  /** Testing first (RFC 8461 §5): a day, so that a mistake is forgotten quickly. */
  static final long TESTING_MAX_AGE = HostedDomain.TESTING_MAX_AGE;

  /** Enforcing: a week, so that an attacker must wait a week out after the first fetch. */
  static final long ENFORCE_MAX_AGE = HostedDomain.ENFORCE_MAX_AGE;

  private static final String INVALID = "POLICY_CREATE_INVALID";
  private static final String NO_MAIL_HOSTS = "POLICY_CREATE_NO_MAIL_HOSTS";

  /** Enforce mode with live MX hosts no pattern covers: senders would refuse them (§4.1). */
  private static final String MX_NOT_COVERED = "POLICY_CREATE_MX_NOT_COVERED";

  /** Enforce mode without a readable MX answer: coverage cannot be checked. */
  private static final String MX_UNCHECKED = "POLICY_CREATE_MX_UNCHECKED";

  /** Enforce mode with max_age 0: senders drop the policy at once (§3.2). */
  private static final String MAX_AGE_ZERO = "POLICY_CREATE_MAX_AGE_ZERO";

  /** Enforce mode with a max_age under a week: RFC 8461 §3.2 expects weeks. */
  private static final String MAX_AGE_SHORT = "POLICY_CREATE_MAX_AGE_SHORT";

  /** Refusals for the domain's sake: exit 1, and --force turns each into a warning. */
  private static final List<String> REFUSALS = List.of(NO_MAIL_HOSTS, MX_NOT_COVERED, MAX_AGE_ZERO);

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--domain", required = true, paramLabel = "DOMAIN", description = "the domain")
  String domain;

  @Option(
      names = "--mode",
      paramLabel = "MODE",
      description = "testing (the default: senders report but deliver), enforce, or none",
      defaultValue = "testing")
  String mode;

  @Option(
      names = "--mx",
      paramLabel = "PATTERN",
      description = "an MX host or *.wildcard pattern (repeat); default: the live MX hosts")
  List<String> mx = new ArrayList<>();

  @Option(
      names = "--max-age",
      paramLabel = "SECONDS",
      description = "how long senders keep the policy (default: 86400 testing, 604800 enforce)")
  Long maxAge;

  @Option(
      names = "--rua",
      paramLabel = "URI",
      description = "where TLS reports go, mailto: or https: (repeat); adds the _smtp._tls record")
  List<String> rua = new ArrayList<>();

  @Option(
      names = "--id",
      paramLabel = "ID",
      description = "the _mta-sts id (default: the UTC time, e.g. 20261129130500)")
  String id;

  @Option(
      names = "--policy-host",
      paramLabel = "HOST",
      description = "the HTTPS server for mta-sts.DOMAIN: adds a CNAME to it")
  String policyHost;

  @Option(
      names = "--ttl",
      paramLabel = "SECONDS",
      description = "TTL of the records (default: ${DEFAULT-VALUE})",
      defaultValue = "3600")
  int ttl;

  @Option(
      names = "--policy-out",
      paramLabel = "FILE",
      description = "write the policy file here (CRLF lines, as served) instead of printing it")
  Path policyOut;

  @Option(names = "--json", description = "one JSON object: the policy and the records")
  boolean json;

  @Option(
      names = "--force",
      description =
          "write an enforce policy even where mail would be lost or the policy protect nothing"
              + " (live MX hosts not covered, MX records unreadable, max_age 0); warns instead")
  boolean force;

  @Mixin NetworkOptions network;

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    ParseResult<Publication> publication = publication();
    if (!(publication instanceof ParseResult.Ok<Publication> ok)) {
      publication.errors().forEach(p -> err.println("mtasts policy create: " + p.message()));
      return publication.errors().stream().anyMatch(p -> REFUSALS.contains(p.code()))
          ? ExitCodes.PROBLEMS
          : ExitCodes.TOOL_ERROR;
    }
    if (!json) {
      ok.warnings().forEach(p -> err.println("mtasts policy create: warning: " + p.message()));
    }
    if (policyOut != null) {
      try {
        write(policyOut, ok.value().policy().toText());
      } catch (IOException e) {
        err.println("mtasts policy create: --policy-out " + FileFailure.message(policyOut, e));
        return ExitCodes.TOOL_ERROR;
      }
    }
    print(ok.value(), ok.warnings(), spec.commandLine().getOut());
    return ExitCodes.OK;
  }

  /** The file replaced at once, never seen half written by a server reading it. */
  private static void write(Path file, String text) throws IOException {
    Path absolute = file.toAbsolutePath();
    Path temporary =
        Files.createTempFile(absolute.getParent(), "." + absolute.getFileName(), ".tmp");
    try {
      Files.writeString(temporary, text, StandardCharsets.US_ASCII);
      Files.move(
          temporary, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(temporary);
    }
  }

  private ParseResult<Publication> publication() {
    // Normalised as check does: a host name, since mta-sts.DOMAIN must be one; U-labels become
    // A-labels, the form DNS records and senders use (RFC 8461 §3.2).
    Optional<String> normalized = DomainChecker.normalize(domain);
    if (normalized.isEmpty()) {
      return error("--domain " + domain + " is not a domain name of letters, digits and hyphens");
    }
    String name = normalized.get();
    if (domain.chars().anyMatch(c -> c >= 0x80)) {
      spec.commandLine()
          .getErr()
          .println("mtasts policy create: note: --domain " + domain + " is written as " + name);
    }
    Optional<Mode> chosen = Mode.fromToken(mode);
    if (chosen.isEmpty()) {
      return error("--mode must be testing, enforce or none: " + mode);
    }
    long age =
        maxAge != null ? maxAge : chosen.get() == Mode.ENFORCE ? ENFORCE_MAX_AGE : TESTING_MAX_AGE;
    if (age < 0 || age > Policy.MAX_MAX_AGE) {
      return error("--max-age must be 0.." + Policy.MAX_MAX_AGE + " (RFC 8461 §3.2): " + age);
    }
    if (ttl < 0) {
      return error("--ttl must not be negative: " + ttl);
    }
    String recordId = id != null ? id : Publication.freshId(Clock.systemUTC().instant());
    ParseResult<StsRecord> sts = StsRecord.parse("v=STSv1; id=" + recordId + ";");
    if (!(sts instanceof ParseResult.Ok<StsRecord> stsOk)) {
      return error("--id must be 1 to 32 letters and digits (RFC 8461 §3.1): " + recordId);
    }
    Optional<TlsRptRecord> reports = Optional.empty();
    if (!rua.isEmpty()) {
      ParseResult<TlsRptRecord> record =
          TlsRptRecord.parse("v=TLSRPTv1; rua=" + String.join(",", rua));
      if (!(record instanceof ParseResult.Ok<TlsRptRecord> recordOk)) {
        return ParseResult.err(prefixed("--rua", record.errors()), List.of());
      }
      reports = Optional.of(recordOk.value());
    }
    ParseResult<List<MxPattern>> patterns =
        mx.isEmpty() && chosen.get() != Mode.NONE ? liveMx(name) : patterns(mx);
    if (!(patterns instanceof ParseResult.Ok<List<MxPattern>> patternsOk)) {
      return ParseResult.err(patterns.errors(), List.of());
    }
    Policy policy = new Policy(chosen.get(), patternsOk.value(), age, List.of());
    List<Problem> risks = chosen.get() == Mode.ENFORCE ? enforceRisks(name, policy) : List.of();
    List<Problem> refused =
        risks.stream().filter(p -> !force && !p.code().equals(MAX_AGE_SHORT)).toList();
    if (!refused.isEmpty()) {
      return ParseResult.err(
          refused.stream()
              .map(p -> Problem.of(p.code(), p.message() + "; --force writes it anyway"))
              .toList(),
          List.of());
    }
    return ParseResult.ok(new Publication(name, policy, stsOk.value(), reports), risks);
  }

  /**
   * What an enforce policy would break: live MX hosts it does not cover, which senders then refuse
   * (RFC 8461 §4.1, the classic way to bounce mail), and a max_age that makes it protect nothing or
   * little (§3.2 expects weeks).
   */
  private List<Problem> enforceRisks(String name, Policy policy) {
    List<Problem> risks = new ArrayList<>();
    if (!mx.isEmpty()) {
      ParseResult<DnsAnswer<MxRecord>> answer = mxRecords(name);
      if (!(answer instanceof ParseResult.Ok<DnsAnswer<MxRecord>> read) || read.value().failed()) {
        String why =
            answer instanceof ParseResult.Ok<DnsAnswer<MxRecord>> read
                ? read.value().detail()
                : answer.errors().getFirst().message();
        risks.add(
            Problem.of(
                MX_UNCHECKED,
                "the MX records of "
                    + name
                    + " cannot be read ("
                    + why
                    + "), so whether --mx covers every mail host is unknown"));
      } else {
        List<String> uncovered =
            read.value().records().stream()
                .filter(r -> !r.isNullMx())
                .map(MxRecord::host)
                .filter(host -> !policy.matchesMx(host))
                .distinct()
                .toList();
        if (!uncovered.isEmpty()) {
          risks.add(
              Problem.of(
                  MX_NOT_COVERED,
                  "the live MX host"
                      + (uncovered.size() == 1 ? " " : "s ")
                      + String.join(", ", uncovered)
                      + " of "
                      + name
                      + (uncovered.size() == 1 ? " matches" : " match")
                      + " no --mx pattern: in enforce mode senders would refuse to deliver to "
                      + (uncovered.size() == 1 ? "it" : "them")
                      + " (RFC 8461 §4.1); add an --mx for each, or start with --mode testing"));
        }
      }
    }
    if (policy.maxAge() == 0) {
      risks.add(
          Problem.of(
              MAX_AGE_ZERO,
              "--max-age 0 in enforce mode: senders drop the policy as soon as they fetch it, so"
                  + " it protects nothing (RFC 8461 §3.2 expects weeks)"));
    } else if (policy.maxAge() < ENFORCE_MAX_AGE) {
      risks.add(
          Problem.of(
              MAX_AGE_SHORT,
              "--max-age "
                  + policy.maxAge()
                  + " in enforce mode is under a week: an attacker need only wait that long"
                  + " after a sender's fetch (RFC 8461 §3.2 expects weeks)"));
    }
    return risks;
  }

  private static ParseResult<List<MxPattern>> patterns(List<String> given) {
    List<MxPattern> patterns = new ArrayList<>();
    for (String text : given) {
      ParseResult<MxPattern> pattern = MxPattern.parse(text.strip().toLowerCase(Locale.ROOT));
      if (!(pattern instanceof ParseResult.Ok<MxPattern> ok)) {
        return ParseResult.err(prefixed("--mx " + text, pattern.errors()), List.of());
      }
      if (!patterns.contains(ok.value())) {
        patterns.add(ok.value());
      }
    }
    return ParseResult.ok(patterns);
  }

  /** The domain's MX records as DNS gives them now, through --dns. */
  private ParseResult<DnsAnswer<MxRecord>> mxRecords(String name) {
    ParseResult<Optional<InetSocketAddress>> server = network.dnsServer();
    if (!(server instanceof ParseResult.Ok<Optional<InetSocketAddress>> ok)) {
      return ParseResult.err(prefixed("--dns", server.errors()), List.of());
    }
    DnsOptions options = DnsOptions.defaults().withTimeout(network.timeout());
    options = ok.value().map(options::withServer).orElse(options);
    return ParseResult.ok(new DnsjavaResolver(options).mx(name));
  }

  /** The domain's MX hosts as exact patterns, best preference first (RFC 5321 §5.1). */
  private ParseResult<List<MxPattern>> liveMx(String name) {
    ParseResult<DnsAnswer<MxRecord>> read = mxRecords(name);
    if (!(read instanceof ParseResult.Ok<DnsAnswer<MxRecord>> ok)) {
      return ParseResult.err(read.errors(), List.of());
    }
    DnsAnswer<MxRecord> answer = ok.value();
    if (answer.failed()) {
      return error(
          "the MX records of " + name + " cannot be read (" + answer.detail() + "); give --mx");
    }
    List<MxRecord> hosts =
        answer.records().stream()
            .filter(r -> !r.isNullMx())
            .sorted((a, b) -> Integer.compare(a.preference(), b.preference()))
            .toList();
    if (hosts.isEmpty()) {
      return ParseResult.err(
          Problem.of(
              NO_MAIL_HOSTS,
              answer.found()
                  ? name + " publishes a null MX (RFC 7505): it accepts no mail; use --mode none"
                  : name + " has no MX records; give the mail hosts with --mx"));
    }
    return patterns(hosts.stream().map(MxRecord::host).toList());
  }

  private void print(Publication publication, List<Problem> warnings, PrintWriter out) {
    List<Publication.DnsRecord> records = publication.records(Optional.ofNullable(policyHost), ttl);
    if (json) {
      Map<String, Object> object = new LinkedHashMap<>();
      object.put("domain", publication.domain());
      object.put("policyUrl", publication.policyUrl());
      object.put("policy", publication.policy().toText());
      if (policyOut != null) {
        object.put("policyFile", policyOut.toString());
      }
      object.put("records", records.stream().map(RecordOutput::json).toList());
      if (!warnings.isEmpty()) {
        object.put(
            "warnings",
            warnings.stream().map(p -> Map.of("code", p.code(), "message", p.message())).toList());
      }
      out.println(ProblemOutput.JSON.writeValueAsString(object));
    } else {
      if (policyOut != null) {
        out.println(
            "; policy written to " + policyOut + ", to serve at " + publication.policyUrl());
      } else {
        // The policy stands alone between blank lines, so that what is copied is the policy.
        String policy = publication.policy().toText().replace("\r\n", "\n");
        out.println(
            "; the policy file, to serve at "
                + publication.policyUrl()
                + ", is the "
                + policy.lines().count()
                + " lines between the blank lines below");
        out.println();
        out.print(policy);
        out.println();
      }
      out.println("; DNS records, zone-file lines");
      records.forEach(r -> out.println(r.zoneLine()));
      if (policyHost == null) {
        out.println(
            "; mta-sts."
                + publication.domain()
                + ". needs an A/AAAA record or a CNAME (--policy-host) for the HTTPS server"
                + " that serves the policy with a certificate for that name");
      }
    }
    out.flush();
  }

  private static <T> ParseResult<T> error(String message) {
    return ParseResult.err(Problem.of(INVALID, message));
  }

  private static List<Problem> prefixed(String option, List<Problem> problems) {
    return problems.stream().map(p -> Problem.of(p.code(), option + ": " + p.message())).toList();
  }
}
