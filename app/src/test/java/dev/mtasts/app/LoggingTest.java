package dev.mtasts.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mtasts.core.resolve.PolicyResolver;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * One log, one format (issue 14): the core logs through {@link System.Logger}, which must reach
 * Logback like the app's own records rather than java.util.logging's two-line records.
 */
class LoggingTest {

  @Test
  void theCoresSystemLoggerIsLogback() {
    System.Logger core = System.getLogger(PolicyResolver.class.getName());
    assertThat(core.getClass().getName()).startsWith("org.slf4j.jdk.platform.logging");
    assertThat(LoggerFactory.getILoggerFactory().getClass().getName())
        .isEqualTo("ch.qos.logback.classic.LoggerContext");
  }
}
