package dev.mtasts.app.resolver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mtasts.app.resolver.cache.SqlitePolicyCache;
import dev.mtasts.app.socketmap.Reply;
import dev.mtasts.app.socketmap.SocketmapRequest;
import dev.mtasts.core.dns.InMemoryResolver;
import dev.mtasts.core.resolve.PolicyCache;
import dev.mtasts.core.testing.SettableClock;
import dev.mtasts.core.tls.TrustAnchors;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real SQLite cache whose table cannot be read (another process renamed it away): every answer
 * that says "no policy" could hide a cached {@code enforce} policy, so one forged DNS answer must
 * not downgrade the domain. The daemon answers {@code TEMP} and remembers nothing.
 */
class StoreDownLookupTest {

  private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
  private static final String DOMAIN = "example.com";

  @TempDir Path dir;
  private PolicyCache store;
  private String url;

  @BeforeEach
  void open() throws Exception {
    Path file = dir.resolve("cache.db");
    url = "jdbc:sqlite:" + file;
    store = SqlitePolicyCache.open(file.toString(), 2, Duration.ofSeconds(5));
    sql("ALTER TABLE mtasts_policy_cache RENAME TO elsewhere");
  }

  @AfterEach
  void close() {
    store.close();
  }

  @Test
  void noRecordIsTempWhileTheStoreIsUnreadable() throws Exception {
    assertTempAndNotRemembered(InMemoryResolver.builder().build());
  }

  @Test
  void twoRecordsAreTempWhileTheStoreIsUnreadable() throws Exception {
    assertTempAndNotRemembered(
        InMemoryResolver.builder()
            .txt("_mta-sts." + DOMAIN, "v=STSv1; id=1")
            .txt("_mta-sts." + DOMAIN, "v=STSv1; id=2")
            .build());
  }

  @Test
  void anInvalidRecordIsTempWhileTheStoreIsUnreadable() throws Exception {
    assertTempAndNotRemembered(
        InMemoryResolver.builder().txt("_mta-sts." + DOMAIN, "v=STSv1; id=not valid!").build());
  }

  @Test
  void noRecordIsNotFoundOnceTheStoreIsBack() throws Exception {
    sql("ALTER TABLE elsewhere RENAME TO mtasts_policy_cache");
    try (PolicyEngine engine = engine(InMemoryResolver.builder().build())) {
      assertThat(engine.lookup().lookup(request())).isEqualTo(Reply.NOT_FOUND);
    }
  }

  private void assertTempAndNotRemembered(InMemoryResolver dns) throws Exception {
    try (PolicyEngine engine = engine(dns)) {
      assertThat(engine.lookup().lookup(request())).isInstanceOf(Reply.Temp.class);
      assertThat(engine.lookup().lookupFromMemory(request())).as("nothing remembered").isEmpty();
      sql("ALTER TABLE elsewhere RENAME TO mtasts_policy_cache");
      assertThat(engine.lookup().lookup(request())).isEqualTo(Reply.NOT_FOUND);
    }
  }

  private static SocketmapRequest request() {
    return new SocketmapRequest("postfix", DOMAIN);
  }

  private PolicyEngine engine(InMemoryResolver dns) {
    ResolverConfig config = ResolverConfigReader.read("", 1).orThrow();
    PolicySources sources =
        new PolicySources(timeout -> dns, TrustAnchors.of(List.of()), new SettableClock(NOW));
    return PolicyEngine.start(config, sources, store, ResolverMetrics.NONE);
  }

  private void sql(String statement) throws Exception {
    try (var c = DriverManager.getConnection(url);
        Statement s = c.createStatement()) {
      s.execute(statement);
    }
  }
}
