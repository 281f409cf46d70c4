package dev.mtasts.app.rollout;

import dev.mtasts.core.ParseResult;
import dev.mtasts.core.Problem;
import dev.mtasts.core.domain.Domain;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Changes single values of one hosted domain in the serve config file, {@code
 * policy_host.domains.D.mode} and {@code .max_age}, and leaves every other line, comment and blank
 * line as it was. The config file stays the one source of the served policy: {@code promote} and
 * {@code retire} edit it, and serve reloads it.
 *
 * <p>Only block style is edited ({@code example.org:} on a line of its own, its keys below it); a
 * domain written in flow style ({@code example.org: {mode: testing, ...}}) is refused with the line
 * to edit by hand.
 */
public final class ConfigEdit {

  static final String NOT_EDITABLE = "CONFIG_NOT_EDITABLE";

  private static final Pattern KEY_LINE =
      Pattern.compile("^( *)(\"[^\"]*\"|'[^']*'|[^\\s#:'\"][^:#]*?)\\s*:(?:\\s+(.*?))?\\s*$");

  private ConfigEdit() {}

  /**
   * The config text with {@code values} set under {@code policy_host.domains.DOMAIN}: an existing
   * key's value replaced (its comment kept), a missing key added as the domain's first key.
   */
  public static ParseResult<String> setDomainValues(
      String yaml, String domain, Map<String, String> values) {
    List<String> lines = new ArrayList<>(yaml.lines().toList());
    ParseResult<int[]> found = domainBlock(lines, domain);
    if (!(found instanceof ParseResult.Ok<int[]> block)) {
      return ParseResult.err(found.errors(), List.of());
    }
    int start = block.value()[0];
    int end = block.value()[1];
    Matcher head = KEY_LINE.matcher(lines.get(start));
    if (!head.matches() || (head.group(3) != null && !head.group(3).startsWith("#"))) {
      return error(
          "policy_host.domains."
              + domain
              + " is written in flow style on line "
              + (start + 1)
              + "; write its keys on lines of their own, or edit it by hand");
    }
    int childIndent = -1;
    for (int i = start + 1; i < end; i++) {
      if (!ignorable(lines.get(i))) {
        childIndent = indent(lines.get(i));
        break;
      }
    }
    if (childIndent < 0) {
      return error("policy_host.domains." + domain + " has no keys to edit");
    }
    Map<String, String> missing = new LinkedHashMap<>(values);
    for (int i = start + 1; i < end; i++) {
      Matcher m = KEY_LINE.matcher(lines.get(i));
      if (m.matches() && m.group(1).length() == childIndent && missing.containsKey(m.group(2))) {
        String value = missing.remove(m.group(2));
        String rest = m.group(3) == null ? "" : m.group(3);
        int comment = rest.indexOf(" #");
        String keep =
            rest.startsWith("#") ? " " + rest : comment >= 0 ? rest.substring(comment) : "";
        lines.set(i, " ".repeat(childIndent) + m.group(2) + ": " + value + keep);
      }
    }
    int at = start + 1;
    for (Map.Entry<String, String> e : missing.entrySet()) {
      lines.add(at++, " ".repeat(childIndent) + e.getKey() + ": " + e.getValue());
    }
    return ParseResult.ok(String.join("\n", lines) + (yaml.endsWith("\n") ? "\n" : ""));
  }

  /**
   * The config text without {@code policy_host.domains.DOMAIN} (its key line and everything
   * indented below it): what serve does when a retirement's last step comes due (RFC 8461 §8.3).
   */
  public static ParseResult<String> removeDomain(String yaml, String domain) {
    List<String> lines = new ArrayList<>(yaml.lines().toList());
    ParseResult<int[]> found = domainBlock(lines, domain);
    if (!(found instanceof ParseResult.Ok<int[]> block)) {
      return ParseResult.err(found.errors(), List.of());
    }
    lines.subList(block.value()[0], block.value()[1]).clear();
    return ParseResult.ok(String.join("\n", lines) + (yaml.endsWith("\n") ? "\n" : ""));
  }

  /** The line range of {@code policy_host.domains.DOMAIN}. */
  private static ParseResult<int[]> domainBlock(List<String> lines, String domain) {
    Optional<int[]> policyHost = block(lines, 0, lines.size(), -1, "policy_host"::equals);
    if (policyHost.isEmpty()) {
      return ParseResult.err(
          Problem.of(NOT_EDITABLE, "the config has no policy_host: section in block style"));
    }
    Optional<int[]> domains =
        block(lines, policyHost.get()[0] + 1, policyHost.get()[1], 0, "domains"::equals);
    if (domains.isEmpty()) {
      return ParseResult.err(
          Problem.of(NOT_EDITABLE, "policy_host has no domains: mapping in block style"));
    }
    Optional<int[]> found =
        block(
            lines,
            domains.get()[0] + 1,
            domains.get()[1],
            indent(lines.get(domains.get()[0])),
            key -> sameDomain(key, domain));
    return found
        .map(ParseResult::ok)
        .orElseGet(
            () ->
                ParseResult.err(Problem.of(NOT_EDITABLE, "policy_host.domains has no " + domain)));
  }

  /**
   * Replaces {@code file} with {@code text} at once (a reader sees the old or the new file, never
   * half of one), keeping its permissions.
   */
  public static void write(Path file, String text) throws IOException {
    Path absolute = file.toAbsolutePath();
    Path temporary =
        Files.createTempFile(absolute.getParent(), "." + absolute.getFileName(), ".tmp");
    try {
      PosixFileAttributeView view =
          Files.getFileAttributeView(absolute, PosixFileAttributeView.class);
      if (view != null) {
        Files.setPosixFilePermissions(temporary, view.readAttributes().permissions());
      }
      Files.writeString(temporary, text, StandardCharsets.UTF_8);
      Files.move(
          temporary, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(temporary);
    }
  }

  /**
   * The first key line in {@code [from, to)} indented more than {@code parentIndent} whose key
   * passes {@code wanted}, among the keys of the first indentation found: its index and the end of
   * its block.
   */
  private static Optional<int[]> block(
      List<String> lines,
      int from,
      int to,
      int parentIndent,
      java.util.function.Predicate<String> wanted) {
    int level = -1;
    for (int i = from; i < to; i++) {
      String line = lines.get(i);
      if (ignorable(line)) {
        continue;
      }
      int indent = indent(line);
      if (indent <= parentIndent) {
        return Optional.empty();
      }
      if (level < 0) {
        level = indent;
      }
      Matcher m = KEY_LINE.matcher(line);
      if (indent == level && m.matches() && wanted.test(unquote(m.group(2)))) {
        int end = i + 1;
        while (end < to && (ignorable(lines.get(end)) || indent(lines.get(end)) > level)) {
          end++;
        }
        return Optional.of(new int[] {i, end});
      }
    }
    return Optional.empty();
  }

  private static boolean sameDomain(String key, String domain) {
    String name = key.strip();
    name = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    return Domain.parse(name).ok().map(Domain::ascii).filter(domain::equals).isPresent();
  }

  private static String unquote(String key) {
    return key.length() >= 2 && (key.startsWith("\"") || key.startsWith("'"))
        ? key.substring(1, key.length() - 1)
        : key;
  }

  private static boolean ignorable(String line) {
    String t = line.strip();
    return t.isEmpty() || t.startsWith("#");
  }

  private static int indent(String line) {
    int n = 0;
    while (n < line.length() && line.charAt(n) == ' ') {
      n++;
    }
    return n;
  }

  private static ParseResult<String> error(String message) {
    return ParseResult.err(Problem.of(NOT_EDITABLE, message));
  }
}
