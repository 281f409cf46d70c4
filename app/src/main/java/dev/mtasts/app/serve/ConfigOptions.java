package dev.mtasts.app.serve;

import dev.mtasts.core.ParseResult;
import dev.mtasts.core.Problem;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * The {@code --config FILE}, {@code --data DIR} and {@code --database URL} options of {@code serve}
 * and {@code report import}: the file when given (docs/configuration.md), else the defaults of the
 * no-config mode; the flags override the file.
 */
public final class ConfigOptions {

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description =
          "the YAML configuration (docs/configuration.md); default: none, every domain accepted")
  Path config;

  @Option(
      names = "--data",
      paramLabel = "DIR",
      description = "where the SQLite store and the admin token live (default: ./data)")
  Path data;

  @Option(
      names = "--database",
      paramLabel = "URL",
      description =
          "jdbc:postgresql://HOST:PORT/DB?user=... instead of SQLite in the data directory")
  String database;

  /** Reads a config file; relative paths in it are relative to its directory. */
  static ParseResult<ServeConfig> read(Path file) throws IOException {
    return ServeConfigReader.read(Files.readString(file), file.toAbsolutePath().getParent());
  }

  /** The file given with {@code --config}, if any. */
  Optional<Path> configFile() {
    return Optional.ofNullable(config);
  }

  /** The configuration, or empty after printing every problem to {@code err}. */
  public Optional<ServeConfig> load(String command, PrintWriter err) {
    ServeConfig cfg = ServeConfig.defaults(Path.of("data"));
    if (config != null) {
      ParseResult<ServeConfig> parsed;
      try {
        parsed = read(config);
      } catch (IOException e) {
        err.println("mtasts " + command + ": cannot read " + config + ": " + e.getMessage());
        return Optional.empty();
      }
      for (Problem w : parsed.warnings()) {
        err.println(config + ": warning: " + w);
      }
      if (parsed instanceof ParseResult.Err<ServeConfig> bad) {
        for (Problem e : bad.errors()) {
          err.println(config + ": error: " + e);
        }
        return Optional.empty();
      }
      cfg = parsed.orThrow();
    }
    if (data != null) {
      cfg = cfg.withData(data);
    }
    if (database != null) {
      try {
        cfg = cfg.withDatabase(database);
        cfg.storeLocation();
      } catch (IllegalArgumentException e) {
        err.println("mtasts " + command + ": --database: " + e.getMessage());
        return Optional.empty();
      }
    }
    return Optional.of(cfg);
  }
}
