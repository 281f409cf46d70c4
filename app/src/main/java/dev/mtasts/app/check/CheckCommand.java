package dev.mtasts.app.check;

import dev.mtasts.app.cli.ExitCodes;
import dev.mtasts.app.cli.NetworkOptions;
import dev.mtasts.core.FileFailure;
import dev.mtasts.core.ParseResult;
import dev.mtasts.core.check.DomainChecker;
import dev.mtasts.core.check.DomainReport;
import dev.mtasts.core.check.Finding;
import dev.mtasts.core.dns.DnssecMode;
import dev.mtasts.core.tls.TrustAnchors;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code mtasts check DOMAIN...}: audits each domain end to end (docs/cli.md,
 * docs/check-findings.md). Domains are checked concurrently on virtual threads, at most {@code
 * --concurrency} at a time. JSON Lines and CSV print each report as soon as it is complete; text
 * keeps the input order ({@link OutputOrder}) and ends with a summary table. Either way memory
 * stays flat however many domains there are.
 */
@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    description = {
      "Audit each domain's MTA-STS deployment the way a strict sender meets it, and report every"
          + " problem at once: what is wrong, why senders will refuse mail because of it, and how"
          + " to fix it.",
      "Exit status: 0 no error finding, 1 some finding is an error, 2 usage or tool error (bad"
          + " option, unreadable --ca-file or --input, a name that is not a domain, a DNS server"
          + " that answers nothing: DNS_RESOLVER_FAILED)."
    })
public final class CheckCommand implements Callable<Integer> {

  /** The code of a name that is not a domain (a usage-level error for that name). */
  static final String DOMAIN_INVALID = "DOMAIN_INVALID";

  /** The code of a check that failed inside the tool (a bug): exit 2, the other domains go on. */
  static final String CHECK_FAILED = "CHECK_FAILED";

  private static final int MAX_CONCURRENCY = 1024;

  /** Output formats. */
  enum Format {
    text,
    json,
    csv
  }

  @Spec CommandSpec spec;

  @Mixin NetworkOptions network;

  @Parameters(paramLabel = "DOMAIN", arity = "0..*", description = "Domains to check.")
  List<String> domains = new ArrayList<>();

  @Option(
      names = "--input",
      paramLabel = "FILE",
      description =
          "Also check the domains in FILE: one per line, # comments, blank lines skipped.")
  Path input;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      description = "text, json (JSON Lines, one object per domain) or csv (one row per finding).")
  Format format;

  @Option(names = "--json", description = "Same as --format json.")
  boolean json;

  @Option(
      names = "--concurrency",
      paramLabel = "N",
      defaultValue = "16",
      description = "Check up to N domains at once (default: ${DEFAULT-VALUE}).")
  int concurrency;

  @Option(
      names = "--deadline",
      paramLabel = "SECONDS",
      defaultValue = "120",
      description =
          "Give up on a domain after this many seconds, reporting what was found and which step"
              + " ran out of time (default: ${DEFAULT-VALUE}).")
  double deadlineSeconds;

  @Option(
      names = "--dnssec",
      paramLabel = "MODE",
      defaultValue = "trust-ad",
      converter = DnssecModeConverter.class,
      description =
          "Where DNSSEC status comes from: trust-ad (the DNS server's AD bit; sound for a"
              + " validating resolver on a trusted path), validate (validate here from the IANA"
              + " root trust anchors, reporting bogus answers) or off (default: ${DEFAULT-VALUE}).")
  DnssecMode dnssec;

  /** Accepts the option's lower-case, hyphenated spelling of {@link DnssecMode}. */
  static final class DnssecModeConverter implements picocli.CommandLine.ITypeConverter<DnssecMode> {
    @Override
    public DnssecMode convert(String value) {
      return switch (value) {
        case "off" -> DnssecMode.OFF;
        case "trust-ad" -> DnssecMode.TRUST_AD;
        case "validate" -> DnssecMode.VALIDATE;
        default ->
            throw new picocli.CommandLine.TypeConversionException(
                "expected off, trust-ad or validate, not '" + value + "'");
      };
    }
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Optional<String> usage = usageProblem();
    if (usage.isPresent()) {
      err.println("mtasts check: " + usage.get());
      return ExitCodes.TOOL_ERROR;
    }
    ParseResult<Optional<InetSocketAddress>> server = network.dnsServer();
    if (!(server instanceof ParseResult.Ok<Optional<InetSocketAddress>> dnsServer)) {
      err.println("mtasts check: --dns: " + server.errors().getFirst().message());
      return ExitCodes.TOOL_ERROR;
    }
    TrustAnchors anchors = TrustAnchors.jdkDefault();
    if (network.caFile() != null) {
      ParseResult<TrustAnchors> read = TrustAnchors.jdkDefaultPlus(network.caFile());
      if (!(read instanceof ParseResult.Ok<TrustAnchors> ok)) {
        err.println("mtasts check: --ca-file: " + read.errors().getFirst().message());
        return ExitCodes.TOOL_ERROR;
      }
      anchors = ok.value();
    }
    DomainChecker checker = checker(dnsServer.value(), anchors);
    Format chosen = json ? Format.json : format == null ? Format.text : format;
    ReportPrinter printer = new ReportPrinter(chosen, out, new Ansi(Terminal.colourWanted()));
    try (Stream<String> names = DomainSource.open(domains, Optional.ofNullable(input));
        ProgressBar progress = progress()) {
      return run(checker, names.iterator(), printer, progress);
    } catch (IOException | UncheckedIOException e) {
      IOException cause = e instanceof UncheckedIOException u ? u.getCause() : (IOException) e;
      err.println("mtasts check: --input " + FileFailure.message(input, cause));
      return ExitCodes.TOOL_ERROR;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return ExitCodes.TOOL_ERROR;
    }
  }

  private Optional<String> usageProblem() {
    if (domains.isEmpty() && input == null) {
      return Optional.of("no domain given (name domains, or --input FILE)");
    }
    if (json && format != null && format != Format.json) {
      return Optional.of("--json contradicts --format " + format);
    }
    if (concurrency < 1 || concurrency > MAX_CONCURRENCY) {
      return Optional.of("--concurrency must be 1.." + MAX_CONCURRENCY + ": " + concurrency);
    }
    if (!(deadlineSeconds > 0) || !(network.timeout().compareTo(Duration.ZERO) > 0)) {
      return Optional.of("--deadline and --timeout must be positive");
    }
    return Optional.empty();
  }

  private DomainChecker checker(Optional<InetSocketAddress> server, TrustAnchors anchors) {
    return new Checkers(
            server,
            dnssec,
            anchors,
            network.httpsPort(),
            network.smtpPort(),
            network.timeout(),
            Duration.ofMillis(Math.round(deadlineSeconds * 1000)),
            network.allowPrivateAddresses())
        .checker(Clock.systemUTC());
  }

  /**
   * Checks every name, at most {@code concurrency} at once. Text is printed in input order (a
   * person reads it), JSON Lines and CSV as each domain completes (a program reads them).
   */
  private int run(
      DomainChecker checker, Iterator<String> names, ReportPrinter printer, ProgressBar progress)
      throws InterruptedException {
    Semaphore slots = new Semaphore(concurrency);
    OutputOrder order = new OutputOrder(printer.inInputOrder(), slots);
    AtomicBoolean errors = new AtomicBoolean();
    AtomicBoolean unchecked = new AtomicBoolean();
    for (long index = 0; names.hasNext(); index++) {
      String name = names.next();
      long position = index;
      slots.acquire();
      Thread.ofVirtual()
          .name("check " + name)
          .start(
              () -> {
                Runnable output = () -> {};
                try {
                  output = checkOne(checker, name, printer, errors, unchecked);
                } catch (RuntimeException e) {
                  unchecked.set(true);
                  String message = "the check failed: " + e;
                  output = () -> printer.unchecked(name, CHECK_FAILED, message);
                } finally {
                  if (progress != null) {
                    progress.step();
                  }
                  order.done(position, output);
                }
              });
    }
    slots.acquire(concurrency); // every check has finished and been printed
    printer.summary();
    if (unchecked.get()) {
      return ExitCodes.TOOL_ERROR;
    }
    return errors.get() ? ExitCodes.PROBLEMS : ExitCodes.OK;
  }

  /** Checks one name; returns what prints its outcome. */
  private static Runnable checkOne(
      DomainChecker checker,
      String name,
      ReportPrinter printer,
      AtomicBoolean errors,
      AtomicBoolean unchecked) {
    Optional<String> domain = DomainChecker.normalize(name);
    if (domain.isEmpty()) {
      unchecked.set(true);
      return () -> printer.unchecked(name, DOMAIN_INVALID, "'" + name + "' is not a domain name");
    }
    DomainReport report = checker.check(domain.get());
    Optional<Finding> failure = report.checkFailure();
    if (failure.isPresent()) {
      unchecked.set(true);
      return () -> printer.unchecked(name, failure.get().code().name(), failure.get().message());
    }
    if (report.hasErrors()) {
      errors.set(true);
    }
    return () -> printer.print(name, report);
  }

  /** A progress bar on standard error when it is a terminal and there is more than one domain. */
  private ProgressBar progress() throws IOException {
    if (!Terminal.isTerminal(2)) {
      return null;
    }
    long total = DomainSource.count(domains, Optional.ofNullable(input));
    if (total < 2) {
      return null;
    }
    return new ProgressBarBuilder()
        .setTaskName("check")
        .setInitialMax(total)
        .setStyle(ProgressBarStyle.ASCII)
        .setConsumer(new ConsoleProgressBarConsumer(System.err))
        .build();
  }
}
