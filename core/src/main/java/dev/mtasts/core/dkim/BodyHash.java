package dev.mtasts.core.dkim;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Internal: the SHA-256 hash of a body in canonical form (RFC 6376 §3.4.3, §3.4.4, §3.7), computed
 * in one pass over the message bytes without a canonical copy, so bodies of many MiB cost no more
 * memory than a small buffer. Bare LF line ends count as CRLF. With a length limit ({@code l=})
 * only that many canonical octets are hashed, but all are counted.
 */
final class BodyHash {

  /** The hash of the first {@code limit} canonical octets, and the whole canonical length. */
  static final class Result {
    private final byte[] digest;
    private final long canonicalLength;

    private Result(byte[] digest, long canonicalLength) {
      this.digest = digest;
      this.canonicalLength = canonicalLength;
    }

    /** Whether the hash is {@code expected}, compared in constant time. */
    boolean matches(byte[] expected) {
      return MessageDigest.isEqual(digest, expected);
    }

    byte[] digest() {
      return digest.clone();
    }

    long canonicalLength() {
      return canonicalLength;
    }
  }

  private static final byte[] CRLF = {'\r', '\n'};
  private static final byte[] SP = {' '};

  private final MessageDigest digest;
  private final long limit;
  private final byte[] buffer = new byte[8192];
  private int buffered;
  private long length;

  private BodyHash(long limit) {
    this.limit = limit;
    try {
      this.digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  /**
   * Hashes {@code message[from..]} as a body. {@code limit} is the {@code l=} value, or a negative
   * number for the whole body.
   */
  static Result of(byte[] message, int from, Canonicalization canonicalization, long limit) {
    BodyHash hash = new BodyHash(limit < 0 ? Long.MAX_VALUE : limit);
    if (canonicalization == Canonicalization.RELAXED) {
      hash.relaxed(message, from);
    } else {
      hash.simple(message, from);
    }
    hash.flush();
    return new Result(hash.digest.digest(), hash.length);
  }

  // RFC 6376 §3.4.3: trailing empty lines removed; an empty body is one CRLF; a last line without
  // CRLF gets one.
  private void simple(byte[] message, int from) {
    long emptyLines = 0;
    boolean emitted = false;
    int i = from;
    while (i < message.length) {
      int end = HeaderSection.lineEnd(message, i);
      int contentEnd = end > i && end < message.length && message[end - 1] == '\r' ? end - 1 : end;
      if (contentEnd == i) {
        if (end < message.length) {
          emptyLines++;
        }
      } else {
        emptyLines = emitEmptyLines(emptyLines);
        emit(message, i, contentEnd - i);
        emit(CRLF, 0, 2);
        emitted = true;
      }
      i = end + 1;
    }
    if (!emitted) {
      emit(CRLF, 0, 2);
    }
  }

  // RFC 6376 §3.4.4: WSP at line ends removed, WSP runs to one SP, trailing empty lines removed;
  // an empty body stays empty; a last line without CRLF gets one (erratum 1384).
  private void relaxed(byte[] message, int from) {
    long emptyLines = 0;
    boolean space = false;
    boolean lineHasContent = false;
    int runStart = -1;
    for (int i = from; i <= message.length; i++) {
      byte b = i < message.length ? message[i] : (byte) '\n';
      boolean lineEnd =
          b == '\n' || (b == '\r' && i + 1 < message.length && message[i + 1] == '\n');
      if (lineEnd || b == ' ' || b == '\t') {
        if (runStart >= 0) {
          emit(message, runStart, i - runStart);
          runStart = -1;
        }
        if (lineEnd) {
          if (lineHasContent) {
            emit(CRLF, 0, 2);
          } else if (i < message.length) {
            emptyLines++;
          }
          lineHasContent = false;
          space = false;
          if (b == '\r') {
            i++; // the LF of this CRLF
          }
        } else {
          space = true;
        }
        continue;
      }
      if (!lineHasContent) {
        emptyLines = emitEmptyLines(emptyLines);
        lineHasContent = true;
      }
      if (space) {
        emit(SP, 0, 1);
        space = false;
      }
      if (runStart < 0) {
        runStart = i;
      }
    }
  }

  private long emitEmptyLines(long count) {
    for (long n = 0; n < count; n++) {
      emit(CRLF, 0, 2);
    }
    return 0;
  }

  private void emit(byte[] bytes, int offset, int count) {
    long room = Math.max(0, limit - length);
    length += count;
    int hashed = (int) Math.min(count, room);
    if (hashed == 0) {
      return;
    }
    if (hashed > buffer.length - buffered) {
      flush();
      if (hashed > buffer.length) {
        digest.update(bytes, offset, hashed);
        return;
      }
    }
    System.arraycopy(bytes, offset, buffer, buffered, hashed);
    buffered += hashed;
  }

  private void flush() {
    digest.update(buffer, 0, buffered);
    buffered = 0;
  }
}
