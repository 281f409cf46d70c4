package dev.mtasts.core.testing;

import java.text.MessageFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * The records one class logs through {@link System.Logger} (backed by java.util.logging) while the
 * capture is open, formatted as the operator would read them.
 */
public final class CapturedLog implements AutoCloseable {
  private final Logger logger;
  private final List<LogRecord> records = new CopyOnWriteArrayList<>();
  private final Handler handler =
      new Handler() {
        @Override
        public void publish(LogRecord record) {
          records.add(record);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };

  private CapturedLog(Class<?> source) {
    logger = Logger.getLogger(source.getName());
    handler.setLevel(Level.ALL);
    logger.addHandler(handler);
  }

  /** Starts capturing what {@code source} logs under its class name. */
  public static CapturedLog of(Class<?> source) {
    return new CapturedLog(source);
  }

  /** The messages logged at WARNING or above, parameters filled in. */
  public List<String> warnings() {
    return records.stream()
        .filter(r -> r.getLevel().intValue() >= Level.WARNING.intValue())
        .map(
            r ->
                r.getParameters() == null
                    ? r.getMessage()
                    : MessageFormat.format(r.getMessage(), r.getParameters()))
        .toList();
  }

  @Override
  public void close() {
    logger.removeHandler(handler);
  }
}
