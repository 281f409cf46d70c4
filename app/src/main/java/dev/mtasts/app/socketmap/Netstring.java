package dev.mtasts.app.socketmap;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Netstrings ({@code len:data,}, D. J. Bernstein), the framing of Postfix's socketmap protocol.
 * Decoding is strict: decimal length without sign or leading zeros, a colon, exactly that many
 * bytes, a comma; a declared length over the limit is rejected before any data is read.
 */
public final class Netstring {

  /**
   * Default largest request payload accepted: Postfix requests are a map name and one key (a domain
   * name is at most 253 octets), so 10 KiB leaves room without letting a client make us buffer
   * much.
   */
  public static final int DEFAULT_MAX_REQUEST = 10 * 1024;

  /**
   * Largest reply payload Postfix accepts by default ({@code socketmap_max_reply_size} is 100000).
   */
  public static final int MAX_REPLY = 100_000;

  /** Longest length prefix for any limit we accept: 10 decimal digits. */
  private static final int MAX_DIGITS = 10;

  private Netstring() {}

  /** {@code len:data,} for {@code data}. */
  public static byte[] encode(byte[] data) {
    byte[] prefix = (data.length + ":").getBytes(StandardCharsets.US_ASCII);
    byte[] out = new byte[prefix.length + data.length + 1];
    System.arraycopy(prefix, 0, out, 0, prefix.length);
    System.arraycopy(data, 0, out, prefix.length, data.length);
    out[out.length - 1] = ',';
    return out;
  }

  /** What {@link #decode} found at the front of the buffer. */
  public sealed interface Decoded {
    /** A complete netstring; the buffer's position moved past it. */
    record Frame(byte[] payload) implements Decoded {}

    /** Not enough bytes yet; the buffer's position is unchanged. */
    record Incomplete() implements Decoded {}

    /**
     * The bytes are not a netstring within the limit; the stream cannot be resynchronised.
     *
     * @param code {@code NETSTRING_BAD_LENGTH}, {@code NETSTRING_TOO_LONG} or {@code
     *     NETSTRING_BAD_TERMINATOR}
     */
    record Malformed(String code, String message) implements Decoded {}
  }

  private static final Decoded.Incomplete INCOMPLETE = new Decoded.Incomplete();

  /**
   * Decodes one netstring from {@code buf} (in read mode, from its position to its limit).
   *
   * @param maxLength the largest payload accepted
   */
  public static Decoded decode(ByteBuffer buf, int maxLength) {
    int start = buf.position();
    int end = buf.limit();
    long length = 0;
    int i = start;
    while (true) {
      if (i == end) {
        return INCOMPLETE;
      }
      byte b = buf.get(i);
      if (b == ':') {
        break;
      }
      if (b < '0' || b > '9') {
        return new Decoded.Malformed(
            "NETSTRING_BAD_LENGTH", "non-digit byte 0x%02x in the length".formatted(b & 0xff));
      }
      if (i > start && buf.get(start) == '0') {
        return new Decoded.Malformed("NETSTRING_BAD_LENGTH", "length has a leading zero");
      }
      if (i - start >= MAX_DIGITS) {
        return new Decoded.Malformed("NETSTRING_TOO_LONG", "length has more than 10 digits");
      }
      length = length * 10 + (b - '0');
      if (length > maxLength) {
        return new Decoded.Malformed(
            "NETSTRING_TOO_LONG", "declared length over the limit of " + maxLength + " bytes");
      }
      i++;
    }
    if (i == start) {
      return new Decoded.Malformed("NETSTRING_BAD_LENGTH", "no digits before ':'");
    }
    int dataStart = i + 1;
    int dataEnd = dataStart + (int) length;
    if (dataEnd >= end) {
      return INCOMPLETE;
    }
    if (buf.get(dataEnd) != ',') {
      return new Decoded.Malformed(
          "NETSTRING_BAD_TERMINATOR", "expected ',' after " + length + " bytes of data");
    }
    byte[] payload = new byte[(int) length];
    buf.get(dataStart, payload);
    buf.position(dataEnd + 1);
    return new Decoded.Frame(payload);
  }
}
