package dev.mtasts.app.resolver;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The line the daemon logs at start (issue 14): which file, which store, where, which DANE mode.
 */
class StartupLineTest {

  private static ResolverConfig read(String yaml) {
    return ResolverConfigReader.read(yaml).orThrow();
  }

  @Test
  void namesConfigCacheListenerAndDaneMode() {
    ResolverConfig cfg =
        read("cache:\n  type: sqlite\n  options:\n    filename: /var/lib/x/cache.db\n");
    String line =
        StartupLine.of(
            "mtasts 1.2.3",
            Path.of("/etc/mta-sts-daemon.yml"),
            cfg,
            new InetSocketAddress("127.0.0.1", 8461));
    assertThat(line)
        .isEqualTo(
            "mtasts 1.2.3: resolver ready, config /etc/mta-sts-daemon.yml, cache sqlite"
                + " /var/lib/x/cache.db, socketmap on /127.0.0.1:8461, dane "
                + cfg.dane().token()
                + ", dnssec "
                + cfg.fetch().dnssec().name().toLowerCase(java.util.Locale.ROOT))
        .doesNotContain("\n");
  }

  @Test
  void cacheUrlsAreShownWithoutCredentials() {
    ResolverConfig redis =
        read(
            "cache:\n  type: redis\n  options:\n    url: redis://user:s3cret@cache.local:6380/2\n");
    assertThat(StartupLine.cache(redis.cache()))
        .isEqualTo("redis redis://cache.local:6380/2")
        .doesNotContain("s3cret")
        .doesNotContain("user");
    ResolverConfig pg =
        read("cache:\n  type: postgres\n  options:\n    dsn: postgres://sts:pw@db.local/sts\n");
    assertThat(StartupLine.cache(pg.cache())).isEqualTo("postgres postgres://db.local/sts");
  }

  @Test
  void anUnparsableUrlIsNotShownAtAll() {
    assertThat(StartupLine.cache(new CacheSettings.Redis("redis://pw@[bad", null, null, null)))
        .isEqualTo("redis (URL not shown)");
  }

  @Test
  void theInternalCacheShowsItsSize() {
    assertThat(StartupLine.cache(new CacheSettings.Internal(100)))
        .isEqualTo("internal (100 entries)");
  }
}
