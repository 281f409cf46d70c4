package dev.mtasts.app.demo;

import dev.mtasts.app.cli.ExitCodes;
import dev.mtasts.app.listen.CannotListenException;
import dev.mtasts.app.listen.Termination;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code mtasts demo}: the whole product with a month of data, in seconds. */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Show everything at once: start the lab (its test domains on loopback), store a month of"
          + " realistic TLS reports about them from several senders, some failing the way each"
          + " domain's defect makes them fail, and run the dashboard on that store.",
      "Prints the dashboard's address and the admin token; Ctrl-C stops it and removes the"
          + " throwaway store (unless --data is given)."
    })
public final class DemoCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--port",
      paramLabel = "N",
      defaultValue = "8080",
      description = "Dashboard port on 127.0.0.1; 0 for a free one (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(
      names = "--data",
      paramLabel = "DIR",
      description = "Keep the store (and the lab's files) in DIR instead of a temporary directory.")
  Path data;

  @Option(
      names = "--days",
      paramLabel = "N",
      defaultValue = "30",
      description =
          "Days of reports, ending yesterday (UTC); 1 to 366 (default: ${DEFAULT-VALUE}).")
  int days;

  @Option(
      names = "--seed",
      paramLabel = "N",
      defaultValue = "8460",
      description = "What makes the numbers; the same seed gives the same reports.")
  long seed;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Demo.Options options;
    try {
      options = new Demo.Options(port, Optional.ofNullable(data), days, seed, Demo.todayUtc());
    } catch (IllegalArgumentException e) {
      err.println("mtasts demo: " + e.getMessage());
      return ExitCodes.TOOL_ERROR;
    }
    out.println("mtasts demo: starting the lab and storing " + days + " days of reports ...");
    out.flush();
    Demo demo;
    try {
      demo = Demo.start(options);
    } catch (CannotListenException e) {
      err.println("mtasts demo: " + e.getMessage() + " (or choose another with --port)");
      return ExitCodes.TOOL_ERROR;
    }
    out.println(banner(demo));
    out.flush();
    Termination.awaitThenClose(demo, "demo-shutdown", () -> {});
    return ExitCodes.OK;
  }

  static String banner(Demo demo) {
    String data = demo.dataDirectory().toString();
    return String.join(
        "\n",
        "",
        "  Dashboard   " + demo.url(),
        "  Token       " + demo.token().value(),
        "              (paste it at " + demo.url() + "login; also in " + demo.token().file() + ")",
        "",
        "  Stored "
            + demo.storedReports()
            + " reports about "
            + demo.lab().scenarios().size()
            + " lab domains. Worth a look:",
        "    mx-cert-expired.test   every session fails: certificate-expired",
        "    mx-mismatch.test       the backup MX is not in the policy",
        "    good.test              a sender still applies the policy replaced "
            + DemoReports.POLICY_CHANGE_DAYS_AGO
            + " days ago",
        "",
        "  In a terminal:",
        "    mtasts report summary mx-cert-expired.test --data " + data,
        "    curl -H 'Authorization: Bearer "
            + demo.token().value()
            + "' "
            + demo.url()
            + "api/v1/domains",
        "  The lab answers like the internet: mtasts check good.test --allow-private-addresses "
            + demo.lab().clientOptions(),
        "",
        demo.temporary()
            ? "Ctrl-C stops the demo and removes its data."
            : "Ctrl-C stops the demo; the data stays in " + data + ".");
  }
}
