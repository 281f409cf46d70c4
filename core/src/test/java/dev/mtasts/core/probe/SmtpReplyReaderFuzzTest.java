package dev.mtasts.core.probe;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.IOException;

/** Any bytes from a server end in replies or a {@link SmtpProtocolException}, never a crash. */
class SmtpReplyReaderFuzzTest {

  @FuzzTest
  void readsRepliesOrRefuses(byte[] input) throws IOException {
    SmtpReplyReader reader = new SmtpReplyReader(new ByteArrayInputStream(input), 64 * 1024);
    try {
      for (int i = 0; i < 1000; i++) {
        SmtpReply reply = reader.read();
        if (reply.code() < 200 || reply.code() > 599 || reply.lines().isEmpty()) {
          throw new IllegalStateException("impossible reply " + reply);
        }
      }
    } catch (SmtpProtocolException expected) {
      // Refused or ended: the only allowed outcome for bad input.
    }
  }
}
