package dev.mtasts.bench.socketmap;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Counts the complete netstring replies in a read buffer and the ones that are neither {@code OK}
 * nor {@code NOTFOUND}.
 */
final class Replies {

  private long errors;

  long errors() {
    return errors;
  }

  /**
   * Consumes the complete replies in {@code in} (in write mode, as after a read); leaves a partial
   * one for the next read, with the buffer back in write mode. Returns how many were consumed.
   */
  int consume(ByteBuffer in) {
    in.flip();
    int count = 0;
    while (true) {
      int start = in.position();
      int colon = -1;
      for (int i = start; i < in.limit(); i++) {
        if (in.get(i) == ':') {
          colon = i;
          break;
        }
      }
      if (colon < 0) {
        break;
      }
      int len =
          Integer.parseInt(new String(in.array(), start, colon - start, StandardCharsets.US_ASCII));
      if (colon + 1 + len >= in.limit()) {
        break;
      }
      byte first = in.get(colon + 1);
      if (first != 'O' && first != 'N') { // OK or NOTFOUND
        errors++;
      }
      in.position(colon + 2 + len);
      count++;
    }
    in.compact();
    return count;
  }
}
