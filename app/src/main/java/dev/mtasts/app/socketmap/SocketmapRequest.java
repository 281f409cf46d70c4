package dev.mtasts.app.socketmap;

import dev.mtasts.core.ParseResult;
import dev.mtasts.core.Problem;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.function.IntPredicate;

/**
 * One socketmap request: {@code name SP key} (socketmap_table(5)). The name is the map name from
 * Postfix's {@code socketmap:...:name}; the key is what is looked up (for TLS policy maps, the
 * next-hop domain or {@code [host]:port}).
 */
public record SocketmapRequest(String name, String key) {

  /**
   * Reads a request payload. Strict: UTF-8 (SMTPUTF8 domains), one space between a non-empty map
   * name of {@code [A-Za-z0-9_.-]} and a non-empty key without spaces or control characters.
   */
  public static ParseResult<SocketmapRequest> parse(byte[] payload) {
    String text;
    if (isAscii(payload)) {
      // The usual case (ASCII domain names): no decoder needed, ASCII is valid UTF-8.
      text = new String(payload, StandardCharsets.US_ASCII);
    } else {
      try {
        text =
            StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(payload))
                .toString();
      } catch (CharacterCodingException e) {
        return ParseResult.err(Problem.of("SOCKETMAP_NOT_UTF8", "request is not UTF-8"));
      }
    }
    int space = text.indexOf(' ');
    if (space < 0) {
      return ParseResult.err(
          Problem.of("SOCKETMAP_NO_KEY", "request has no space between map name and key"));
    }
    String name = text.substring(0, space);
    String key = text.substring(space + 1);
    if (name.isEmpty() || !all(name, SocketmapRequest::isNameChar)) {
      return ParseResult.err(
          Problem.of("SOCKETMAP_NAME_INVALID", "map name must be [A-Za-z0-9_.-]+"));
    }
    if (key.isEmpty()) {
      return ParseResult.err(Problem.of("SOCKETMAP_KEY_EMPTY", "key is empty"));
    }
    if (!all(key, c -> c > 0x20 && c != 0x7f)) {
      return ParseResult.err(
          Problem.of("SOCKETMAP_KEY_INVALID", "key contains a space or control character"));
    }
    return ParseResult.ok(new SocketmapRequest(name, key));
  }

  /** Whether every char of {@code s} passes (a plain loop: this runs for every lookup). */
  private static boolean all(String s, IntPredicate test) {
    for (int i = 0; i < s.length(); i++) {
      if (!test.test(s.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  private static boolean isAscii(byte[] bytes) {
    for (byte b : bytes) {
      if (b < 0) {
        return false;
      }
    }
    return true;
  }

  private static boolean isNameChar(int c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || c == '_'
        || c == '.'
        || c == '-';
  }
}
