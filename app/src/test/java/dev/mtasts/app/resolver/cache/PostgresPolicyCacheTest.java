package dev.mtasts.app.resolver.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mtasts.core.resolve.PolicyCache;
import dev.mtasts.core.resolve.PolicyCacheContract;
import dev.mtasts.core.resolve.PolicyCacheException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class PostgresPolicyCacheTest extends PolicyCacheContract {

  @Override
  protected PolicyCache newEmptyCache() {
    PostgresPolicyCache pg;
    try {
      pg = PostgresPolicyCache.open(Services.POSTGRES_DSN, Duration.ofSeconds(3));
    } catch (PolicyCacheException e) {
      Services.unavailable("PostgreSQL", e);
      throw e;
    }
    for (String d :
        pg.checkedBefore(java.time.Instant.ofEpochMilli(Long.MAX_VALUE), Integer.MAX_VALUE).stream()
            .map(p -> p.domain())
            .toList()) {
      pg.delete(d);
    }
    return pg;
  }

  @Test
  void dsnBecomesJdbcUrlWithCredentialsAsParameters() {
    assertThat(
            PostgresPolicyCache.jdbcUrl(
                "postgres://u%40x:p%3Ass@db.local:5433/mta?sslmode=require", Duration.ofSeconds(5)))
        .isEqualTo(
            "jdbc:postgresql://db.local:5433/mta?user=u%40x&password=p%3Ass&connectTimeout=5&socketTimeout=30&sslmode=require");
    assertThat(
            PostgresPolicyCache.jdbcUrl("postgresql://127.0.0.1/mtasts", Duration.ofMillis(1500)))
        .isEqualTo("jdbc:postgresql://127.0.0.1/mtasts?connectTimeout=2&socketTimeout=30");
  }

  @Test
  void keywordDsnIsRejectedWithAReason() {
    assertThatThrownBy(
            () -> PostgresPolicyCache.jdbcUrl("host=localhost dbname=x", Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> PostgresPolicyCache.jdbcUrl("mysql://h/db", Duration.ofSeconds(1)))
        .hasMessageContaining("postgres://");
  }
}
