package dev.mtasts.app.resolver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mtasts.app.resolver.cache.SqlitePolicyCache;
import dev.mtasts.app.socketmap.Netstring;
import dev.mtasts.core.dns.InMemoryResolver;
import dev.mtasts.core.resolve.CachedPolicy;
import dev.mtasts.core.resolve.RefreshState;
import dev.mtasts.core.tls.TrustAnchors;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResolverServiceTest {

  @Test
  void servesCachedPolicyFromSqliteAndCountsItInMetrics(@TempDir Path dir) throws Exception {
    Path db = dir.resolve("cache.db");
    Instant now = Instant.now();
    try (SqlitePolicyCache seed = SqlitePolicyCache.open(db.toString(), 1, Duration.ofSeconds(5))) {
      seed.put(
          new CachedPolicy(
              "example.com",
              "id1",
              "version: STSv1\nmode: enforce\nmx: mx.example.com\nmax_age: 86400\n",
              now,
              now.plusSeconds(86400),
              RefreshState.checkedAt(now)));
    }
    String yaml =
        """
        host: 127.0.0.1
        port: 0
        cache:
          type: sqlite
          options:
            filename: %s
        metrics:
          listen: 127.0.0.1:0
        """
            .formatted(db);
    ResolverConfig config = ResolverConfigReader.read(yaml).orThrow();
    List<String> notified = new java.util.concurrent.CopyOnWriteArrayList<>();
    SystemdNotifier notifier =
        new SystemdNotifier(
            Map.of("NOTIFY_SOCKET", "/x"),
            cmd -> {
              notified.add(cmd.getLast());
              return 0;
            });
    try (ResolverService service =
        ResolverService.start(
            config,
            new PolicySources(
                timeout -> InMemoryResolver.builder().build(),
                TrustAnchors.of(List.of()),
                Clock.systemUTC()),
            notifier)) {
      assertThat(notified).containsExactly("READY=1");
      try (Socket s = new Socket()) {
        s.connect(service.socketmapAddress());
        s.setSoTimeout(5000);
        s.getOutputStream()
            .write(Netstring.encode("postfix example.com".getBytes(StandardCharsets.US_ASCII)));
        s.getOutputStream()
            .write(Netstring.encode("postfix nothing.example".getBytes(StandardCharsets.US_ASCII)));
        InputStream in = s.getInputStream();
        String expected = "50:OK secure match=mx.example.com servername=hostname,9:NOTFOUND ,";
        assertThat(new String(in.readNBytes(expected.length()), StandardCharsets.US_ASCII))
            .isEqualTo(expected);
      }
      HttpResponse<String> metrics =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create("http://" + hostPort(service) + "/metrics"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(metrics.statusCode()).isEqualTo(200);
      assertThat(metrics.body())
          .contains("mtasts_resolver_lookups_total{result=\"ok\"} 1.0")
          .contains("mtasts_resolver_lookups_total{result=\"notfound\"} 1.0")
          .contains("mtasts_resolver_cache_total{result=\"hit\"} 1.0")
          .contains("mtasts_resolver_request_seconds_bucket");
    }
    assertThat(notified).containsExactly("READY=1", "STOPPING=1");
  }

  private static String hostPort(ResolverService service) {
    var a = service.metricsAddress().orElseThrow();
    return "127.0.0.1:" + a.getPort();
  }
}
