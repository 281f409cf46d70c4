package dev.mtasts.app.resolver.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mtasts.core.resolve.PolicyCache;
import dev.mtasts.core.resolve.PolicyCacheContract;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqlitePolicyCacheTest extends PolicyCacheContract {

  @TempDir Path dir;

  @Override
  protected PolicyCache newEmptyCache() {
    return SqlitePolicyCache.open(dir.resolve("cache.db").toString(), 2, Duration.ofSeconds(5));
  }

  @Test
  void survivesReopenAndUsesWal() throws Exception {
    cache.put(policy("keep.example", "1", T0));
    cache.close();
    cache = newEmptyCache();
    assertThat(cache.get("keep.example")).isPresent();
    try (var c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("cache.db"));
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("PRAGMA journal_mode")) {
      rs.next();
      assertThat(rs.getString(1)).isEqualTo("wal");
    }
  }

  @Test
  void leavesTheIncumbentsTableAlone() throws Exception {
    String url = "jdbc:sqlite:" + dir.resolve("cache.db");
    try (var c = DriverManager.getConnection(url);
        Statement s = c.createStatement()) {
      s.execute(
          "create table if not exists sts_policy_cache (domain text, ts integer, pol_id text, pol_body text)");
      s.execute("insert into sts_policy_cache values ('old.example', 1, 'x', '{}')");
    }
    cache.put(policy("new.example", "1", T0));
    try (var c = DriverManager.getConnection(url);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("select count(*) from sts_policy_cache")) {
      rs.next();
      assertThat(rs.getInt(1)).isEqualTo(1);
    }
    assertThat(cache.get("old.example")).isEmpty();
  }
}
