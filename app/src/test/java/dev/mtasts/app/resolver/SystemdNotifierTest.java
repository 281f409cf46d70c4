package dev.mtasts.app.resolver;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SystemdNotifierTest {

  @Test
  void sendsReadyAndStoppingWhenNotifySocketIsSet() {
    List<List<String>> calls = new ArrayList<>();
    SystemdNotifier n =
        new SystemdNotifier(
            Map.of("NOTIFY_SOCKET", "/run/systemd/notify"),
            cmd -> {
              calls.add(cmd);
              return 0;
            });
    n.ready();
    n.stopping();
    String pid = "--pid=" + ProcessHandle.current().pid();
    assertThat(calls)
        .containsExactly(
            List.of("systemd-notify", pid, "READY=1"),
            List.of("systemd-notify", pid, "STOPPING=1"));
  }

  @Test
  void doesNothingWithoutNotifySocket() {
    List<List<String>> calls = new ArrayList<>();
    SystemdNotifier n =
        new SystemdNotifier(
            Map.of(),
            cmd -> {
              calls.add(cmd);
              return 0;
            });
    n.ready();
    assertThat(calls).isEmpty();
  }

  @Test
  void aFailingOrMissingCommandDoesNotThrow() {
    new SystemdNotifier(Map.of("NOTIFY_SOCKET", "@x"), cmd -> 1).ready();
    new SystemdNotifier(
            Map.of("NOTIFY_SOCKET", "@x"),
            cmd -> {
              throw new java.io.IOException("no such file");
            })
        .ready();
  }
}
