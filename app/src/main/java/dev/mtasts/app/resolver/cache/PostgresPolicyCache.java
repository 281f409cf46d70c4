package dev.mtasts.app.resolver.cache;

import dev.mtasts.core.resolve.PolicyCacheException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The policy cache in a PostgreSQL table, reached through the incumbent's {@code dsn}. */
public final class PostgresPolicyCache extends JdbcPolicyCache {

  /** Connections kept open. */
  static final int POOL_SIZE = 4;

  private PostgresPolicyCache(ConnectionPool pool) {
    super(pool, pool);
  }

  /** Connects with a libpq/asyncpg URL DSN ({@code postgres[ql]://user:pass@host:port/db}). */
  public static PostgresPolicyCache open(String dsn, Duration timeout) {
    String jdbc = jdbcUrl(dsn, timeout);
    try {
      return new PostgresPolicyCache(
          new ConnectionPool(POOL_SIZE, () -> DriverManager.getConnection(jdbc), timeout));
    } catch (SQLException e) {
      throw new PolicyCacheException(
          PolicyCacheException.Code.CACHE_UNAVAILABLE,
          "cannot connect to PostgreSQL: " + e.getMessage(),
          e);
    }
  }

  /** Turns a URL DSN into a JDBC URL; the password goes into a property, never into logs. */
  static String jdbcUrl(String dsn, Duration timeout) {
    URI uri;
    try {
      uri = new URI(dsn);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("dsn is not a URL: " + e.getReason(), e);
    }
    if (!"postgres".equals(uri.getScheme()) && !"postgresql".equals(uri.getScheme())) {
      throw new IllegalArgumentException("dsn must start with postgres:// or postgresql://");
    }
    List<String> params = new ArrayList<>();
    String userInfo = uri.getRawUserInfo();
    if (userInfo != null) {
      int colon = userInfo.indexOf(':');
      params.add("user=" + reencode(colon < 0 ? userInfo : userInfo.substring(0, colon)));
      if (colon >= 0) {
        params.add("password=" + reencode(userInfo.substring(colon + 1)));
      }
    }
    long seconds = Math.max(1, (timeout.toMillis() + 999) / 1000);
    params.add("connectTimeout=" + seconds);
    params.add("socketTimeout=" + Math.max(seconds, 30));
    if (uri.getRawQuery() != null) {
      params.add(uri.getRawQuery());
    }
    String host = uri.getHost() == null ? "localhost" : uri.getHost();
    String port = uri.getPort() < 0 ? "" : ":" + uri.getPort();
    String db = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    return "jdbc:postgresql://" + host + port + db + "?" + String.join("&", params);
  }

  private static String reencode(String raw) {
    return URLEncoder.encode(
        URLDecoder.decode(raw, StandardCharsets.UTF_8), StandardCharsets.UTF_8);
  }
}
