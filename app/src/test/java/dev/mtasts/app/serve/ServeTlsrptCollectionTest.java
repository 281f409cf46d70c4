package dev.mtasts.app.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.mtasts.app.listen.CannotStartException;
import dev.mtasts.app.resolver.SystemdNotifier;
import dev.mtasts.app.sending.SendingDatabase;
import dev.mtasts.app.sending.aggregate.Aggregator;
import dev.mtasts.app.sending.aggregate.DayCounts;
import dev.mtasts.core.tlsrpt.PolicyResult;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.newsclub.net.unix.AFUNIXDatagramChannel;
import org.newsclub.net.unix.AFUNIXSocketAddress;

/** Serve with {@code tlsrpt_reporting}: the libtlsrpt datagrams only; the mail log is refused. */
class ServeTlsrptCollectionTest {

  @TempDir Path dir;

  private ServeConfig config(String collection) {
    return ServeConfigReader.read(
            """
            data: data
            http:
              listen: 127.0.0.1:0
            tlsrpt_reporting:
              organization_name: Example Mail
              submitter: example.net
              dkim: mta
            """
                + collection.indent(2),
            dir)
        .orThrow();
  }

  @Test
  void datagramsOnTheSocketAreCounted() throws Exception {
    Path socket = dir.resolve("run/tlsrpt.sock");
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    try (ServeService serve =
        ServeService.start(config("socket: " + socket), "t", SystemdNotifier.fromEnvironment())) {
      byte[] datagram;
      try (InputStream in = getClass().getResourceAsStream("/tlsrpt-datagrams/sts-success.json")) {
        datagram = in.readAllBytes();
      }
      try (AFUNIXDatagramChannel channel = AFUNIXDatagramChannel.open()) {
        channel.send(ByteBuffer.wrap(datagram), AFUNIXSocketAddress.of(socket));
        channel.send(ByteBuffer.wrap(datagram), AFUNIXSocketAddress.of(socket));
      }
      Aggregator aggregator = (Aggregator) serve.tlsrptSink().orElseThrow();
      await().atMost(Duration.ofSeconds(10)).until(() -> aggregator.recorded() == 2);
    }
    long counted = 0;
    try (SendingDatabase database = SendingDatabase.open(dir.resolve("data/sending.db"))) {
      DayCounts counts = new DayCounts(database);
      // Counted today, or partly tomorrow if UTC midnight passed meanwhile.
      for (LocalDate day : List.of(today, today.plusDays(1))) {
        for (PolicyResult r : counts.results(day, "example.com")) {
          counted += r.summary().totalSuccessfulSessionCount();
        }
      }
    }
    assertThat(counted).isEqualTo(2);
    assertThat(Files.exists(socket)).isFalse();
  }

  @Test
  void postfixLogIsRefusedNamingTheKeyAndWhereItBelongs() throws Exception {
    Path log = dir.resolve("mail.log");
    Files.writeString(log, "");
    assertThatThrownBy(
            () ->
                ServeService.start(
                    config("postfix_log: " + log), "t", SystemdNotifier.fromEnvironment()))
        .isInstanceOf(CannotStartException.class)
        .hasMessageContaining("tlsrpt_reporting.postfix_log")
        .hasMessageContaining("mtasts resolver");
  }

  @Test
  void anUnusableSocketDirectoryStopsServeNamingTheKey() throws Exception {
    Files.writeString(dir.resolve("run"), "a file\n");
    assertThatThrownBy(
            () ->
                ServeService.start(
                    config("socket: " + dir.resolve("run/tlsrpt.sock")),
                    "t",
                    SystemdNotifier.fromEnvironment()))
        .hasMessageContaining("tlsrpt_reporting.socket");
  }
}
