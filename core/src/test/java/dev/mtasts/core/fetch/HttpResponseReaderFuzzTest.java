package dev.mtasts.core.fetch;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.IOException;

/** Any bytes from a server end in a response or an {@link HttpResponseException}, never a crash. */
class HttpResponseReaderFuzzTest {

  private static final int LIMIT = 64 * 1024;

  @FuzzTest
  void readsOrRefuses(byte[] input) throws IOException {
    HttpResponseReader reader = new HttpResponseReader(new ByteArrayInputStream(input));
    try {
      ResponseHead head = reader.readHead();
      if (head.status() < 200 || head.status() > 999) {
        throw new IllegalStateException("impossible final status " + head.status());
      }
      byte[] body = reader.readBody(head, LIMIT);
      if (body.length > LIMIT) {
        throw new IllegalStateException("body over the limit: " + body.length);
      }
    } catch (HttpResponseException expected) {
      // Refused: the only allowed outcome for bad input.
    }
  }
}
