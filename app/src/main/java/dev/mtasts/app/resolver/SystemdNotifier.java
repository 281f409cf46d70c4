package dev.mtasts.app.resolver;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells systemd about start-up and shutdown (sd_notify(3): {@code READY=1}, {@code STOPPING=1})
 * when {@code NOTIFY_SOCKET} is set.
 *
 * <p>The message is a datagram on a UNIX socket, which the JDK cannot send before the foreign
 * function API (final only in Java 22; we target 21). We run {@code systemd-notify STATE} instead,
 * which needs {@code NotifyAccess=all} in the unit because the datagram comes from that child
 * process. Without {@code NOTIFY_SOCKET} nothing is done.
 */
public final class SystemdNotifier {

  private static final Logger LOG = LoggerFactory.getLogger(SystemdNotifier.class);

  /** Runs a command, returning its exit code. */
  interface CommandRunner {
    int run(List<String> command) throws IOException, InterruptedException;
  }

  private final boolean enabled;
  private final CommandRunner runner;

  SystemdNotifier(Map<String, String> env, CommandRunner runner) {
    String socket = env.get("NOTIFY_SOCKET");
    this.enabled = socket != null && !socket.isEmpty();
    this.runner = runner;
  }

  /** The notifier for this process: systemd-notify from PATH, environment inherited. */
  public static SystemdNotifier fromEnvironment() {
    return new SystemdNotifier(
        System.getenv(), cmd -> new ProcessBuilder(cmd).inheritIO().start().waitFor());
  }

  public void ready() {
    send("READY=1");
  }

  public void stopping() {
    send("STOPPING=1");
  }

  private void send(String state) {
    if (!enabled) {
      return;
    }
    List<String> cmd = List.of("systemd-notify", "--pid=" + ProcessHandle.current().pid(), state);
    try {
      int code = runner.run(cmd);
      if (code != 0) {
        LOG.warn("systemd-notify {} exited with {}", state, code);
      }
    } catch (IOException e) {
      LOG.warn("cannot run systemd-notify for {}: {}", state, e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
