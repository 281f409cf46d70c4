package dev.mtasts.app.socketmap;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/** A socketmap reply (socketmap_table(5), "PROTOCOL"). */
public sealed interface Reply {

  /** The reply text before netstring framing, e.g. {@code OK secure match=mx.example.com}. */
  String text();

  /** The netstring Postfix reads. */
  default byte[] encoded() {
    byte[] data = text().getBytes(StandardCharsets.UTF_8);
    if (data.length > Netstring.MAX_REPLY) {
      throw new IllegalStateException(
          "reply of " + data.length + " bytes exceeds Postfix's limit of " + Netstring.MAX_REPLY);
    }
    return Netstring.encode(data);
  }

  /** The status word, used as a metrics label: {@code ok}, {@code notfound}, ... */
  default String status() {
    return switch (this) {
      case Ok ok -> "ok";
      case NotFound nf -> "notfound";
      case Temp t -> "temp";
      case Timeout t -> "timeout";
      case Perm p -> "perm";
    };
  }

  /** The key was found; {@code data} is the value. */
  record Ok(String data) implements Reply {
    public Ok {
      requireLine(data, "data");
    }

    @Override
    public String text() {
      return "OK " + data;
    }
  }

  /** The key is not in the map. */
  record NotFound() implements Reply {
    @Override
    public String text() {
      return "NOTFOUND ";
    }
  }

  /** A temporary failure; Postfix defers and retries. */
  record Temp(String reason) implements Reply {
    public Temp {
      requireLine(reason, "reason");
    }

    @Override
    public String text() {
      return "TEMP " + reason;
    }
  }

  /** A lookup timed out; Postfix treats it as temporary. */
  record Timeout(String reason) implements Reply {
    public Timeout {
      requireLine(reason, "reason");
    }

    @Override
    public String text() {
      return "TIMEOUT " + reason;
    }
  }

  /** A permanent failure (e.g. a malformed request). */
  record Perm(String reason) implements Reply {
    public Perm {
      requireLine(reason, "reason");
    }

    @Override
    public String text() {
      return "PERM " + reason;
    }
  }

  /** The one {@link NotFound}. */
  Reply NOT_FOUND = new NotFound();

  /**
   * One line of text: no line break or other control character. A tab may appear: Postfix keeps it
   * inside a braced attribute value ({@code { policy_string = mx:<TAB>mx.example.com }}, a policy
   * line as RFC 8461 §3.2 allows it).
   */
  private static void requireLine(String s, String what) {
    Objects.requireNonNull(s, what);
    if (s.isEmpty()) {
      throw new IllegalArgumentException(what + " must not be empty");
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if ((c < 0x20 && c != '\t') || c == 0x7f) {
        throw new IllegalArgumentException(what + " contains a control character");
      }
    }
  }
}
