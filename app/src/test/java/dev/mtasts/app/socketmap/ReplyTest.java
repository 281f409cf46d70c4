package dev.mtasts.app.socketmap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ReplyTest {

  private static String wire(Reply r) {
    return new String(r.encoded(), StandardCharsets.UTF_8);
  }

  @Test
  void wireFormsFollowSocketmapTable5() {
    assertThat(wire(new Reply.Ok("secure match=mx.example.com")))
        .isEqualTo("30:OK secure match=mx.example.com,");
    assertThat(wire(Reply.NOT_FOUND)).isEqualTo("9:NOTFOUND ,");
    assertThat(wire(new Reply.Temp("cache down"))).isEqualTo("15:TEMP cache down,");
    assertThat(wire(new Reply.Timeout("dns"))).isEqualTo("11:TIMEOUT dns,");
    assertThat(wire(new Reply.Perm("bad"))).isEqualTo("8:PERM bad,");
  }

  @Test
  void statusLabels() {
    assertThat(new Reply.Ok("x").status()).isEqualTo("ok");
    assertThat(Reply.NOT_FOUND.status()).isEqualTo("notfound");
    assertThat(new Reply.Temp("x").status()).isEqualTo("temp");
    assertThat(new Reply.Timeout("x").status()).isEqualTo("timeout");
    assertThat(new Reply.Perm("x").status()).isEqualTo("perm");
  }

  @Test
  void emptyOrMultiLineTextIsRejected() {
    assertThatThrownBy(() -> new Reply.Ok("")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Reply.Temp("a\nb")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Reply.Perm("a\rb")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Reply.Ok("a\u0000b")).isInstanceOf(IllegalArgumentException.class);
    assertThat(wire(new Reply.Ok("{ policy_string = mx:\tmx.example }")))
        .isEqualTo("37:OK { policy_string = mx:\tmx.example },");
  }

  @Test
  void replyOverPostfixLimitIsRefused() {
    Reply huge = new Reply.Ok("x".repeat(Netstring.MAX_REPLY));
    assertThatThrownBy(huge::encoded).isInstanceOf(IllegalStateException.class);
  }
}
