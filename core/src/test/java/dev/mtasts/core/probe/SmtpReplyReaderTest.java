package dev.mtasts.core.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SmtpReplyReaderTest {

  static Stream<Arguments> good() {
    return Stream.of(
        Arguments.of("220 mx.example.com ESMTP\r\n", 220, List.of("mx.example.com ESMTP")),
        Arguments.of("250-a\r\n250-b\r\n250 c\r\n", 250, List.of("a", "b", "c")),
        Arguments.of("220\r\n", 220, List.of("")),
        Arguments.of("454 4.7.0 TLS not available\n", 454, List.of("4.7.0 TLS not available")),
        Arguments.of("250-\r\n250 \r\n", 250, List.of("", "")));
  }

  @ParameterizedTest
  @MethodSource
  void good(String input, int code, List<String> lines) throws Exception {
    SmtpReply reply = reader(input).read();
    assertThat(reply.code()).isEqualTo(code);
    assertThat(reply.lines()).isEqualTo(lines);
  }

  static Stream<Arguments> bad() {
    return Stream.of(
        Arguments.of("", "closed"),
        Arguments.of("220-mx", "closed"),
        Arguments.of("220-first\r\n", "closed"),
        Arguments.of("SSH-2.0-OpenSSH\r\n", "not an SMTP reply"),
        Arguments.of("22\r\n", "not an SMTP reply"),
        Arguments.of("2200 x\r\n", "not an SMTP reply"),
        Arguments.of("120 x\r\n", "not an SMTP reply"),
        Arguments.of("620 x\r\n", "not an SMTP reply"),
        Arguments.of("22a x\r\n", "not an SMTP reply"),
        Arguments.of("250-a\r\n251 b\r\n", "code changed"),
        Arguments.of("220 " + "x".repeat(5000) + "\r\n", "longer than"),
        Arguments.of("250-x\r\n".repeat(150), "longer than 100 lines"),
        Arguments.of("HTTP/1.1 400 Bad Request\r\n", "not an SMTP reply"));
  }

  @ParameterizedTest
  @MethodSource
  void bad(String input, String reason) {
    assertThatThrownBy(() -> reader(input).read())
        .isInstanceOf(SmtpProtocolException.class)
        .hasMessageContaining(reason);
  }

  @org.junit.jupiter.api.Test
  void totalBudgetIsEnforcedAcrossReplies() throws Exception {
    SmtpReplyReader reader =
        new SmtpReplyReader(
            new ByteArrayInputStream("250 ok\r\n".repeat(1000).getBytes(StandardCharsets.US_ASCII)),
            1024);
    assertThatThrownBy(
            () -> {
              while (true) {
                reader.read();
              }
            })
        .hasMessageContaining("more than 1024 bytes");
  }

  private static SmtpReplyReader reader(String input) {
    return new SmtpReplyReader(
        new ByteArrayInputStream(input.getBytes(StandardCharsets.ISO_8859_1)), 64 * 1024);
  }
}
