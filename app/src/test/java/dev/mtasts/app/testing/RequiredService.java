package dev.mtasts.app.testing;

import org.junit.jupiter.api.Assumptions;

/**
 * Integration tests that need a real server skip when it is absent on a developer's machine, but
 * fail in CI, where {@code MTASTS_REQUIRE_SERVICES=1} says every server must be there.
 */
public final class RequiredService {
  private RequiredService() {}

  public static boolean required() {
    return "1".equals(System.getenv("MTASTS_REQUIRE_SERVICES"));
  }

  /** Skips the test (or fails it, when services are required) unless {@code available}. */
  public static void assume(boolean available, String what) {
    if (!available && required()) {
      throw new AssertionError(what + " is required (MTASTS_REQUIRE_SERVICES=1) but missing");
    }
    Assumptions.assumeTrue(available, what + " is not available here; skipping");
  }
}
