package dev.mtasts.app.serve;

import dev.mtasts.app.hosting.HostedDomain;
import dev.mtasts.app.listen.CannotListenException;
import dev.mtasts.app.listen.CannotStartException;
import dev.mtasts.app.listen.Termination;
import dev.mtasts.app.resolver.SystemdNotifier;
import dev.mtasts.app.store.StoreUnavailableException;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code mtasts serve [--config FILE | --data DIR]}: receives and stores TLS reports. */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {
      "Run the report service: receive TLS report uploads, store them, answer the JSON API.",
      "With policy_host in the config, also serve each domain's MTA-STS policy over HTTPS;",
      "SIGHUP or a change of the config or a certificate file reloads it.",
      "Without --config: SQLite in ./data, http://127.0.0.1:8080/, reports for every domain.",
      "Stops cleanly on SIGTERM; tells systemd when ready (Type=notify, NotifyAccess=all)."
    })
public final class ServeCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin ConfigOptions options;

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Optional<ServeConfig> loaded = options.load("serve", err);
    if (loaded.isEmpty()) {
      return 2;
    }
    ServeConfig config = loaded.get();
    AdminToken token;
    try {
      token = AdminToken.inDataDirectory(config.data());
    } catch (IOException e) {
      err.println("mtasts serve: cannot create or read the admin token: " + e.getMessage());
      return 2;
    }
    ServeService service;
    try {
      service =
          ServeService.start(
              config, token.value(), SystemdNotifier.fromEnvironment(), options.configFile());
    } catch (StoreUnavailableException | CannotListenException | CannotStartException e) {
      err.println("mtasts serve: " + e.getMessage());
      return 2;
    } catch (Exception e) {
      err.println("mtasts serve: cannot start: " + e);
      return 2;
    }
    printStart(out, config, token, service);
    Termination.awaitThenClose(service, "serve-shutdown", () -> {});
    return 0;
  }

  private static void printStart(
      PrintWriter out, ServeConfig config, AdminToken token, ServeService service) {
    String base = url("http", service.httpAddress());
    out.println("mtasts serve: listening on " + base);
    service
        .httpsAddress()
        .ifPresent(a -> out.println("mtasts serve: listening on " + url("https", a)));
    service
        .smtpAddress()
        .ifPresent(
            a ->
                out.println(
                    "mtasts serve: SMTP for report mail on "
                        + a.getAddress().getHostAddress()
                        + ":"
                        + a.getPort()
                        + " (reports.dkim: "
                        + config.reports().dkim()
                        + ")"));
    service
        .policyHostAddress()
        .ifPresent(
            a ->
                out.println(
                    "mtasts serve: policies on "
                        + url("https", a)
                        + " for "
                        + config.policyHost().orElseThrow().domains().stream()
                            .map(HostedDomain::policyHost)
                            .toList()));
    out.println("mtasts serve: store " + config.storeLocation());
    if (config.reports().domains().isEmpty()) {
      out.println(
          "mtasts serve: accepting reports for every domain (no reports.domains configured)");
    } else {
      out.println(
          "mtasts serve: accepting reports for " + String.join(", ", config.reports().domains()));
    }
    if (token.created()) {
      out.println(
          "mtasts serve: created the admin token in "
              + token.file().toAbsolutePath()
              + " (mode 0600)");
      out.println("Next:");
      out.println(
          "  publish  _smtp._tls.YOUR-DOMAIN. TXT \"v=TLSRPTv1; rua=https://HOST/v1/tlsrpt\"");
      out.println("           (serve HTTPS to the internet with https: in a config file)");
      out.println("  import   mtasts report import --data " + config.data() + " REPORT-FILES...");
      out.println(
          "  read     curl -H \"Authorization: Bearer $(cat "
              + token.file().toAbsolutePath()
              + ")\" "
              + base
              + "api/v1/domains");
    }
    out.flush();
  }

  private static String url(String scheme, InetSocketAddress a) {
    String host = a.getHostString();
    return scheme
        + "://"
        + (host.contains(":") ? "[" + host + "]" : host)
        + ":"
        + a.getPort()
        + "/";
  }
}
