package dev.mtasts.app.resolver.cache;

import dev.mtasts.core.resolve.CachedPolicy;
import dev.mtasts.core.resolve.PolicyCache;
import dev.mtasts.core.resolve.PolicyCacheException;
import dev.mtasts.core.resolve.RefreshState;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The policy cache in one SQL table, shared by SQLite and PostgreSQL (both accept this SQL,
 * including {@code INSERT ... ON CONFLICT DO UPDATE ... WHERE}). Reads and writes use separate
 * pools so SQLite can have many readers and exactly one writer.
 */
class JdbcPolicyCache implements PolicyCache {

  static final String[] SCHEMA = {
    "CREATE TABLE IF NOT EXISTS mtasts_policy_cache ("
        + " domain TEXT PRIMARY KEY, policy_id TEXT NOT NULL, policy_text TEXT NOT NULL,"
        + " fetched_at BIGINT NOT NULL, expires_at BIGINT NOT NULL, last_checked BIGINT NOT NULL,"
        + " failures INTEGER NOT NULL, next_attempt BIGINT NOT NULL)",
    "CREATE INDEX IF NOT EXISTS mtasts_policy_cache_checked"
        + " ON mtasts_policy_cache (last_checked)"
  };

  private static final String COLUMNS =
      "domain, policy_id, policy_text, fetched_at, expires_at, last_checked, failures, next_attempt";

  private static final String UPSERT =
      "INSERT INTO mtasts_policy_cache ("
          + COLUMNS
          + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (domain) DO UPDATE SET"
          + " policy_id = excluded.policy_id, policy_text = excluded.policy_text,"
          + " fetched_at = excluded.fetched_at, expires_at = excluded.expires_at,"
          + " last_checked = excluded.last_checked, failures = excluded.failures,"
          + " next_attempt = excluded.next_attempt"
          + " WHERE mtasts_policy_cache.last_checked <= excluded.last_checked";

  private final ConnectionPool readers;
  private final ConnectionPool writer;

  JdbcPolicyCache(ConnectionPool readers, ConnectionPool writer) {
    this.readers = readers;
    this.writer = writer;
    writer.with(
        c -> {
          try (Statement s = c.createStatement()) {
            for (String ddl : SCHEMA) {
              s.execute(ddl);
            }
          }
          commitIfManual(c);
          return null;
        });
  }

  private static void commitIfManual(Connection c) throws SQLException {
    if (!c.getAutoCommit()) {
      c.commit();
    }
  }

  @Override
  public Optional<CachedPolicy> get(String domain) {
    return readers.with(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT " + COLUMNS + " FROM mtasts_policy_cache WHERE domain = ?")) {
            ps.setString(1, domain);
            try (ResultSet rs = ps.executeQuery()) {
              return rs.next() ? Optional.of(row(rs)) : Optional.empty();
            }
          }
        });
  }

  @Override
  public boolean put(CachedPolicy p) {
    return writer.with(
        c -> {
          try (PreparedStatement ps = c.prepareStatement(UPSERT)) {
            ps.setString(1, p.domain());
            ps.setString(2, p.policyId());
            ps.setString(3, p.policyText());
            ps.setLong(4, p.fetchedAt().toEpochMilli());
            ps.setLong(5, p.expiresAt().toEpochMilli());
            ps.setLong(6, p.refresh().lastChecked().toEpochMilli());
            ps.setInt(7, p.refresh().consecutiveFailures());
            ps.setLong(8, p.refresh().nextAttempt().toEpochMilli());
            int n = ps.executeUpdate();
            commitIfManual(c);
            return n > 0;
          }
        });
  }

  @Override
  public boolean delete(String domain) {
    return writer.with(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement("DELETE FROM mtasts_policy_cache WHERE domain = ?")) {
            ps.setString(1, domain);
            int n = ps.executeUpdate();
            commitIfManual(c);
            return n > 0;
          }
        });
  }

  @Override
  public List<CachedPolicy> checkedBefore(Instant checkedBefore, int limit) {
    return readers.with(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT "
                      + COLUMNS
                      + " FROM mtasts_policy_cache WHERE last_checked < ?"
                      + " ORDER BY last_checked, domain LIMIT ?")) {
            ps.setLong(1, checkedBefore.toEpochMilli());
            ps.setInt(2, limit);
            List<CachedPolicy> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                out.add(row(rs));
              }
            }
            return out;
          }
        });
  }

  private static CachedPolicy row(ResultSet rs) throws SQLException {
    try {
      Instant lastChecked = Instant.ofEpochMilli(rs.getLong(6));
      return new CachedPolicy(
          rs.getString(1),
          rs.getString(2),
          rs.getString(3),
          Instant.ofEpochMilli(rs.getLong(4)),
          Instant.ofEpochMilli(rs.getLong(5)),
          new RefreshState(lastChecked, rs.getInt(7), Instant.ofEpochMilli(rs.getLong(8))));
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new PolicyCacheException(
          PolicyCacheException.Code.CACHE_CORRUPT_ENTRY, "bad row for " + rs.getString(1), e);
    }
  }

  @Override
  public void close() {
    readers.close();
    writer.close();
  }
}
