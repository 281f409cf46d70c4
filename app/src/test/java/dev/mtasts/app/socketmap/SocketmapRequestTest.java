package dev.mtasts.app.socketmap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mtasts.core.ParseResult;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SocketmapRequestTest {

  @ParameterizedTest(name = "good {0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "postfix example.com|postfix|example.com",
        "postfix [mx.example.com]:25|postfix|[mx.example.com]:25",
        "my-zone.1 Example.COM.|my-zone.1|Example.COM.",
        "postfix bücher.example|postfix|bücher.example",
        "_ x|_|x"
      })
  void good(String payload, String name, String key) {
    ParseResult<SocketmapRequest> r =
        SocketmapRequest.parse(payload.getBytes(StandardCharsets.UTF_8));
    assertThat(r.orThrow()).isEqualTo(new SocketmapRequest(name, key));
  }

  @ParameterizedTest(name = "bad [{0}]: {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "''|SOCKETMAP_NO_KEY",
        "postfix|SOCKETMAP_NO_KEY",
        "' example.com'|SOCKETMAP_NAME_INVALID",
        "post/fix example.com|SOCKETMAP_NAME_INVALID",
        "'postfix '|SOCKETMAP_KEY_EMPTY",
        "'postfix  example.com'|SOCKETMAP_KEY_INVALID",
        "'postfix example.com extra'|SOCKETMAP_KEY_INVALID"
      })
  void bad(String payload, String code) {
    assertThat(SocketmapRequest.parse(payload.getBytes(StandardCharsets.UTF_8)).errors())
        .extracting(p -> p.code())
        .containsExactly(code);
  }

  @Test
  void controlCharacterInKeyIsRejected() {
    assertThat(SocketmapRequest.parse("postfix a\tb".getBytes(StandardCharsets.US_ASCII)).errors())
        .extracting(p -> p.code())
        .containsExactly("SOCKETMAP_KEY_INVALID");
    assertThat(SocketmapRequest.parse("postfix a\0b".getBytes(StandardCharsets.US_ASCII)).errors())
        .extracting(p -> p.code())
        .containsExactly("SOCKETMAP_KEY_INVALID");
  }

  @Test
  void invalidUtf8IsRejected() {
    byte[] payload = {'p', ' ', (byte) 0xc3, (byte) 0x28};
    assertThat(SocketmapRequest.parse(payload).errors())
        .extracting(p -> p.code())
        .containsExactly("SOCKETMAP_NOT_UTF8");
  }
}
