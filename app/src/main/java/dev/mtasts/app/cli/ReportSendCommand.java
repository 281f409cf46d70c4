package dev.mtasts.app.cli;

import dev.mtasts.app.sending.SendingDatabase;
import dev.mtasts.app.sending.SendingService;
import dev.mtasts.app.sending.SendingSetup;
import dev.mtasts.app.sending.SendingStoreException;
import dev.mtasts.app.sending.delivery.ReportSender;
import dev.mtasts.core.ParseResult;
import dev.mtasts.core.Problem;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code report send --config FILE --day YYYY-MM-DD}: builds and delivers that UTC day's TLS
 * reports now (RFC 8460), from the results collected in {@code tlsrpt_reporting.data}; idempotent.
 */
@Command(
    name = "send",
    mixinStandardHelpOptions = true,
    description = {
      "Send a UTC day's TLS reports to the recipient domains now (RFC 8460).",
      "FILE is the resolver's mta-sts-daemon.yml or serve's config, with tlsrpt_reporting.",
      "A report already delivered is not sent again; the others are attempted now.",
      "Exit 0: every report delivered (or delivered before, or nothing to send).",
      "Exit 1: some delivery failed or was refused (the daemon retries those it may).",
      "Exit 2: usage error, unreadable config, or the sending database is unavailable."
    })
final class ReportSendCommand implements Callable<Integer> {

  private static final Set<String> FINE =
      Set.of("delivered", "already-delivered", "skipped", "no-record");

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--config", required = true, paramLabel = "FILE", description = "the config")
  Path config;

  @Option(names = "--day", required = true, paramLabel = "YYYY-MM-DD", description = "UTC day")
  String day;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    LocalDate date;
    try {
      date = LocalDate.parse(day);
    } catch (DateTimeParseException e) {
      err.println("mtasts report send: --day must be YYYY-MM-DD: " + day);
      return ExitCodes.TOOL_ERROR;
    }
    String text;
    try {
      text = Files.readString(config);
    } catch (IOException e) {
      err.println("mtasts report send: cannot read " + config + ": " + e.getMessage());
      return ExitCodes.TOOL_ERROR;
    }
    ParseResult<SendingSetup> parsed;
    try {
      parsed = SendingSetup.read(text, config.toAbsolutePath().getParent());
    } catch (RuntimeException e) {
      err.println(config + ": error: " + e.getMessage());
      return ExitCodes.TOOL_ERROR;
    }
    for (Problem w : parsed.warnings()) {
      err.println(config + ": warning: " + w);
    }
    if (parsed instanceof ParseResult.Err<SendingSetup> bad) {
      bad.errors().forEach(e -> err.println(config + ": error: " + e));
      return ExitCodes.TOOL_ERROR;
    }
    SendingSetup setup = parsed.orThrow();
    try (SendingDatabase database = SendingDatabase.open(setup.reporting().store())) {
      ReportSender sender =
          SendingService.sender(
              setup.reporting(),
              database,
              setup.dns(),
              setup.anchors(),
              setup.allowPrivateAddresses(),
              Clock.systemUTC());
      List<ReportSender.Attempt> attempts = sender.sendNow(date);
      if (attempts.isEmpty()) {
        out.println("no results collected for " + date + ": nothing to send");
      }
      attempts.forEach(out::println);
      return attempts.stream().allMatch(a -> FINE.contains(a.outcome()))
          ? ExitCodes.OK
          : ExitCodes.PROBLEMS;
    } catch (SendingStoreException | SQLException e) {
      err.println("mtasts report send: the sending database is unavailable: " + e.getMessage());
      return ExitCodes.TOOL_ERROR;
    } catch (IllegalArgumentException e) {
      err.println("mtasts report send: " + e.getMessage());
      return ExitCodes.TOOL_ERROR;
    }
  }
}
