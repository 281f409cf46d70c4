package dev.mtasts.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.LoggingEvent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class LogConfigurationTest {

  private static String format(String message, Throwable thrown) {
    LoggerContext context = new LoggerContext();
    PatternLayoutEncoder encoder = LogConfiguration.encoder(context);
    Logger logger = context.getLogger("dev.mtasts.app.resolver.Something");
    LoggingEvent event =
        new LoggingEvent("fqcn", logger, Level.WARN, message, thrown, new Object[0]);
    return new String(encoder.encode(event), StandardCharsets.UTF_8);
  }

  @Test
  void aRecordWithLineBreaksAndAStackTraceIsOneLine() {
    String line =
        format(
            "first\r\nsecond\nthird", new IOException("broken\npipe", new IllegalStateException()));
    assertThat(line).endsWith(System.lineSeparator());
    assertThat(line.strip()).doesNotContain("\n").doesNotContain("\r").doesNotContain("\t");
    assertThat(line)
        .contains("WARN ")
        .contains("first | second | third")
        .contains("java.io.IOException: broken | pipe")
        .contains("IllegalStateException");
  }

  @Test
  void aPlainRecordHasNoTrailingSeparator() {
    assertThat(format("ready", null).strip()).endsWith("- ready");
  }

  @Test
  void theRootLevelComesFromTheEnvironmentAndLifecycleIsAlwaysInfo() {
    LoggerContext context = new LoggerContext();
    LogConfiguration.apply(context, "ERROR");
    assertThat(context.getLogger(Logger.ROOT_LOGGER_NAME).getLevel()).isEqualTo(Level.ERROR);
    assertThat(context.getLogger("mtasts.lifecycle").getEffectiveLevel()).isEqualTo(Level.INFO);
    assertThat(context.getLogger("org.eclipse.jetty.server").getEffectiveLevel())
        .isEqualTo(Level.WARN);
  }

  @Test
  void anUnsetOrUnknownLevelIsWarn() {
    for (String value : new String[] {null, "", "loud"}) {
      LoggerContext context = new LoggerContext();
      LogConfiguration.apply(context, value);
      assertThat(context.getLogger(Logger.ROOT_LOGGER_NAME).getLevel()).isEqualTo(Level.WARN);
    }
  }

  @Test
  void theProcessIsConfiguredByThisClassNotByXml() {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    assertThat(context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("STDERR")).isNotNull();
    assertThat(context.getLogger("mtasts.lifecycle").getLevel()).isEqualTo(Level.INFO);
    assertThat(LogConfigurationTest.class.getResource("/logback.xml")).isNull();
  }
}
