package dev.mtasts.app.cli;

import dev.mtasts.app.hosting.HostedDomain;
import dev.mtasts.app.rollout.ConfigFile;
import dev.mtasts.core.ParseResult;
import dev.mtasts.core.check.DomainChecker;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The DOMAIN and {@code --config FILE} of the rollout commands: the file read and checked, the
 * domain normalised and looked up under {@code policy_host.domains}. Problems go to standard error
 * prefixed with the command.
 *
 * @param file the config file
 * @param domain the hosted domain
 */
record HostedDomainInput(ConfigFile file, HostedDomain domain) {

  /** The input, or empty after printing why not (exit 2: usage or unreadable input). */
  static Optional<HostedDomainInput> read(
      String command, String domainArgument, Path config, PrintWriter err) {
    Optional<String> name = DomainChecker.normalize(domainArgument);
    if (name.isEmpty()) {
      err.println("mtasts " + command + ": " + domainArgument + " is not a domain name");
      return Optional.empty();
    }
    ParseResult<ConfigFile> file = ConfigFile.read(config);
    file.warnings().forEach(w -> err.println("mtasts " + command + ": warning: " + w));
    if (!(file instanceof ParseResult.Ok<ConfigFile> ok)) {
      file.errors().forEach(p -> err.println("mtasts " + command + ": " + p.message()));
      return Optional.empty();
    }
    Optional<HostedDomain> hosted = ok.value().hosted(name.get());
    if (hosted.isEmpty()) {
      err.println(
          "mtasts "
              + command
              + ": "
              + config
              + " does not host "
              + name.get()
              + " (no policy_host.domains."
              + name.get()
              + ")");
      return Optional.empty();
    }
    return Optional.of(new HostedDomainInput(ok.value(), hosted.get()));
  }
}
