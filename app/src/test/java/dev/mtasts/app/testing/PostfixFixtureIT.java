package dev.mtasts.app.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Postfix fixture itself: a private instance starts in a namespace and logs deliveries. */
class PostfixFixtureIT {

  @Test
  void mailToAnUnresolvableDomainIsDeferredNotLost(@TempDir Path dir) throws Exception {
    RequiredService.assume(NetNamespace.available(), "root with iproute2 (network namespaces)");
    RequiredService.assume(PostfixInstance.available(), "Postfix");
    try (NetNamespace ns = NetNamespace.create();
        PostfixInstance postfix = PostfixInstance.start(ns, dir, List.of())) {
      postfix.send("alice@sender.mtasts.test", "bob@nowhere.test", "hello", "body");
      // No DNS server listens in the namespace: Postfix must keep the mail and retry.
      String status = postfix.awaitStatus("bob@nowhere.test", Duration.ofSeconds(30)).orElseThrow();
      assertThat(status).contains("status=deferred");
    }
  }
}
