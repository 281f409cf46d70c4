package dev.mtasts.app.resolver.cache;

import static org.assertj.core.api.Assertions.fail;

import org.junit.jupiter.api.Assumptions;

/**
 * Real servers for store tests (scripts/services.sh starts them on loopback). A test skips when its
 * server is absent, unless MTASTS_REQUIRE_SERVICES=1, where absence is a failure.
 */
final class Services {

  static final String POSTGRES_DSN = "postgres://mtasts@127.0.0.1:5432/mtasts";
  static final String REDIS_URL = "redis://127.0.0.1:6379/0";

  private Services() {}

  static void unavailable(String what, Exception cause) {
    if ("1".equals(System.getenv("MTASTS_REQUIRE_SERVICES"))) {
      fail(what + " is required (MTASTS_REQUIRE_SERVICES=1) but unreachable: " + cause);
    }
    Assumptions.abort(what + " not reachable on loopback: " + cause);
  }
}
