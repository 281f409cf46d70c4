package dev.mtasts.app.serve;

import dev.mtasts.app.hosting.PolicyHostConfig;
import dev.mtasts.app.hosting.PolicyHosting;
import dev.mtasts.app.hosting.ReloadTrigger;
import dev.mtasts.core.ParseResult;
import dev.mtasts.core.Problem;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reloads {@code policy_host} of the running {@code serve} when its config file or a certificate
 * file changes, or on SIGHUP: the file is read again, and a file with any error is refused with the
 * errors logged while the previous configuration goes on serving ({@link PolicyHosting#apply} also
 * moves the listener to a changed {@code listen}). The other sections take effect at the next
 * restart.
 */
final class PolicyHostReload implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(PolicyHosting.LOG_NAME);

  private final ReloadTrigger trigger;

  private PolicyHostReload(ReloadTrigger trigger) {
    this.trigger = trigger;
  }

  /** Watches {@code configFile} and the certificates of {@code hosting}; handles SIGHUP. */
  static PolicyHostReload start(Path configFile, PolicyHosting hosting) {
    ReloadTrigger trigger =
        ReloadTrigger.start(
            () -> {
              List<Path> files = new ArrayList<>(List.of(configFile));
              files.addAll(hosting.watchedFiles());
              return files;
            },
            () -> reload(configFile, hosting));
    trigger.onHangupSignal();
    return new PolicyHostReload(trigger);
  }

  /** Applies the file's {@code policy_host}, or refuses the file and logs why. */
  static boolean reload(Path configFile, PolicyHosting hosting) {
    ParseResult<ServeConfig> parsed;
    try {
      parsed = ConfigOptions.read(configFile);
    } catch (IOException e) {
      return refused(configFile, "cannot read it: " + e.getMessage());
    }
    if (!(parsed instanceof ParseResult.Ok<ServeConfig> ok)) {
      return refused(
          configFile,
          parsed.errors().stream().map(Problem::toString).collect(Collectors.joining("; ")));
    }
    Optional<PolicyHostConfig> next = ok.value().policyHost();
    if (next.isEmpty()) {
      return refused(configFile, "it has no policy_host any more (restart serve to stop hosting)");
    }
    return hosting.apply(next.get());
  }

  private static boolean refused(Path configFile, String why) {
    LOG.error(
        "policy_host: reload refused: {}: {}; still serving the previous configuration",
        configFile,
        why);
    return false;
  }

  @Override
  public void close() {
    trigger.close();
  }
}
