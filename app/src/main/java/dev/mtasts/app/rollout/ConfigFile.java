package dev.mtasts.app.rollout;

import dev.mtasts.app.hosting.HostedDomain;
import dev.mtasts.app.serve.ServeConfig;
import dev.mtasts.app.serve.ServeConfigReader;
import dev.mtasts.core.FileFailure;
import dev.mtasts.core.ParseResult;
import dev.mtasts.core.Problem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The serve config file as the rollout commands read and change it: its text, kept to edit single
 * values ({@link ConfigEdit}), and what it configures.
 *
 * @param path the file
 * @param text its content
 * @param config what it says
 */
public record ConfigFile(Path path, String text, ServeConfig config) {

  static final String UNREADABLE = "CONFIG_UNREADABLE";

  /** Reads and checks the file; every problem names the file and, where known, the line. */
  public static ParseResult<ConfigFile> read(Path path) {
    String text;
    try {
      text = Files.readString(path, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return ParseResult.err(Problem.of(UNREADABLE, FileFailure.message(path, e)));
    }
    return parse(path, text);
  }

  private static ParseResult<ConfigFile> parse(Path path, String text) {
    ParseResult<ServeConfig> parsed =
        ServeConfigReader.read(text, path.toAbsolutePath().getParent());
    if (parsed instanceof ParseResult.Ok<ServeConfig> ok) {
      return ParseResult.ok(new ConfigFile(path, text, ok.value()), ok.warnings());
    }
    return ParseResult.err(
        parsed.errors().stream().map(p -> Problem.of(p.code(), path + ": " + p)).toList(),
        List.of());
  }

  /** The hosted domain {@code domain} (A-label), if {@code policy_host.domains} names it. */
  public Optional<HostedDomain> hosted(String domain) {
    return config.policyHost().flatMap(p -> p.domain(domain));
  }

  /**
   * The file with {@code values} set under {@code policy_host.domains.DOMAIN}, checked as serve
   * will read it; not written yet.
   */
  public ParseResult<ConfigFile> withDomainValues(String domain, Map<String, String> values) {
    ParseResult<String> edited = ConfigEdit.setDomainValues(text, domain, values);
    if (!(edited instanceof ParseResult.Ok<String> ok)) {
      return ParseResult.err(edited.errors(), List.of());
    }
    return parse(path, ok.value());
  }

  /** Replaces the file with this text at once. */
  public void write() throws IOException {
    ConfigEdit.write(path, text);
  }
}
