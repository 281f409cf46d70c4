package dev.mtasts.app.resolver;

import java.net.SocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The one line the daemon logs when it is ready: what it read, where it keeps policies, where it
 * listens and how it treats DANE, so that an operator sees at once which file and store are in use.
 * Credentials in cache URLs are never shown.
 */
final class StartupLine {

  private StartupLine() {}

  static String of(String version, Path config, ResolverConfig cfg, SocketAddress listening) {
    return version
        + ": resolver ready, config "
        + config.toAbsolutePath()
        + ", cache "
        + cache(cfg.cache())
        + ", socketmap on "
        + listening
        + cfg.metricsListen().map(m -> ", metrics on " + m).orElse("")
        + ", dane "
        + cfg.dane().token()
        + ", dnssec "
        + cfg.fetch().dnssec().name().toLowerCase(Locale.ROOT)
        + (cfg.fetch().allowPrivateAddresses() ? ", private addresses allowed" : "");
  }

  /** The cache type and where it is, without user names or passwords. */
  static String cache(CacheSettings cache) {
    return switch (cache) {
      case CacheSettings.Internal internal -> "internal (" + internal.cacheSize() + " entries)";
      case CacheSettings.Sqlite sqlite -> "sqlite " + Path.of(sqlite.filename()).toAbsolutePath();
      case CacheSettings.Redis redis -> "redis " + withoutCredentials(redis.url());
      case CacheSettings.Postgres postgres -> "postgres " + withoutCredentials(postgres.dsn());
    };
  }

  private static String withoutCredentials(String url) {
    try {
      URI uri = URI.create(url);
      String host = uri.getHost() == null ? "" : uri.getHost();
      String port = uri.getPort() < 0 ? "" : ":" + uri.getPort();
      String path = uri.getPath() == null ? "" : uri.getPath();
      return uri.getScheme() + "://" + host + port + path;
    } catch (IllegalArgumentException e) {
      return "(URL not shown)";
    }
  }
}
