package dev.mtasts.app.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;
import java.util.Map;

/**
 * The log setup of every command, in code rather than {@code logback.xml}: reading XML would load
 * some 300 classes of Logback's configuration machinery into each daemon (docs/benchmarks.md,
 * footprint). One line per record on standard error (journald: line breaks in messages and stack
 * traces become {@code " | "}); the root level from {@code MTASTS_LOG_LEVEL} (default WARN); start
 * and stop of the daemons ({@code mtasts.lifecycle}) always at INFO. Setting {@code
 * -Dlogback.configurationFile=FILE} still replaces all of it.
 */
public final class LogConfiguration extends ContextAwareBase implements Configurator {

  static final String PATTERN =
      "%d{HH:mm:ss.SSS} %-5level %logger{20} - %replace(%msg){'[\\r\\n]+', ' | '}"
          + "%replace( %ex{8}){'[\\r\\n\\t]+', ' | '}%nopex%n";

  private static final Map<String, Level> FIXED_LEVELS =
      Map.of(
          "mtasts.lifecycle", Level.INFO,
          "org.eclipse.jetty", Level.WARN,
          "io.javalin", Level.WARN,
          "org.flywaydb", Level.WARN,
          "com.zaxxer.hikari", Level.WARN);

  @Override
  public ExecutionStatus configure(LoggerContext context) {
    if (System.getProperty("logback.configurationFile") != null) {
      return ExecutionStatus.INVOKE_NEXT_IF_ANY;
    }
    apply(context, System.getenv("MTASTS_LOG_LEVEL"));
    return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
  }

  /** Configures {@code context}; {@code rootLevel} as {@code MTASTS_LOG_LEVEL} gives it. */
  static void apply(LoggerContext context, String rootLevel) {
    ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
    stderr.setContext(context);
    stderr.setName("STDERR");
    stderr.setTarget("System.err");
    stderr.setEncoder(encoder(context));
    stderr.start();
    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.toLevel(rootLevel, Level.WARN));
    root.addAppender(stderr);
    FIXED_LEVELS.forEach((name, level) -> context.getLogger(name).setLevel(level));
  }

  static PatternLayoutEncoder encoder(LoggerContext context) {
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern(PATTERN);
    encoder.start();
    return encoder;
  }
}
