package dev.mtasts.app.socketmap;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NetstringTest {

  private static ByteBuffer buf(String s) {
    return ByteBuffer.wrap(s.getBytes(StandardCharsets.ISO_8859_1));
  }

  @ParameterizedTest(name = "good {0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "'0:,'|''",
        "'5:hello,'|hello",
        "'19:postfix example.com,'|postfix example.com",
        "'3:a,b,'|a,b",
        "'3:1:2,'|1:2"
      })
  void good(String wire, String payload) {
    ByteBuffer b = buf(wire);
    Netstring.Decoded d = Netstring.decode(b, 100);
    assertThat(d).isInstanceOf(Netstring.Decoded.Frame.class);
    assertThat(((Netstring.Decoded.Frame) d).payload())
        .isEqualTo(payload.getBytes(StandardCharsets.ISO_8859_1));
    assertThat(b.hasRemaining()).isFalse();
  }

  @ParameterizedTest(name = "bad {0}: {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "':hello,'|NETSTRING_BAD_LENGTH",
        "'5hello,'|NETSTRING_BAD_LENGTH",
        "'-5:hello,'|NETSTRING_BAD_LENGTH",
        "'+5:hello,'|NETSTRING_BAD_LENGTH",
        "' 5:hello,'|NETSTRING_BAD_LENGTH",
        "'05:hello,'|NETSTRING_BAD_LENGTH",
        "'00:,'|NETSTRING_BAD_LENGTH",
        "'5:hello;'|NETSTRING_BAD_TERMINATOR",
        "'5:hellox,'|NETSTRING_BAD_TERMINATOR",
        "'4:hello,'|NETSTRING_BAD_TERMINATOR",
        "'101:'|NETSTRING_TOO_LONG",
        "'99999999999999999999:'|NETSTRING_TOO_LONG",
        "'1000'|NETSTRING_TOO_LONG",
        "'GET / HTTP/1.0'|NETSTRING_BAD_LENGTH"
      })
  void bad(String wire, String code) {
    Netstring.Decoded d = Netstring.decode(buf(wire), 100);
    assertThat(d).isInstanceOf(Netstring.Decoded.Malformed.class);
    assertThat(((Netstring.Decoded.Malformed) d).code()).isEqualTo(code);
  }

  @ParameterizedTest(name = "incomplete {0}")
  @CsvSource({"''", "5", "5:", "5:hel", "5:hello", "10"})
  void incompleteLeavesPositionUnchanged(String wire) {
    ByteBuffer b = buf(wire);
    assertThat(Netstring.decode(b, 100)).isInstanceOf(Netstring.Decoded.Incomplete.class);
    assertThat(b.position()).isZero();
  }

  @Test
  void lengthAtTheLimitIsAccepted() {
    String payload = "x".repeat(100);
    assertThat(Netstring.decode(buf("100:" + payload + ","), 100))
        .isInstanceOf(Netstring.Decoded.Frame.class);
  }

  @Test
  void decodesPipelinedFramesOneAtATime() {
    ByteBuffer b = buf("1:a,2:bc,3:d");
    assertThat(((Netstring.Decoded.Frame) Netstring.decode(b, 100)).payload()).containsExactly('a');
    assertThat(((Netstring.Decoded.Frame) Netstring.decode(b, 100)).payload())
        .containsExactly('b', 'c');
    assertThat(Netstring.decode(b, 100)).isInstanceOf(Netstring.Decoded.Incomplete.class);
    assertThat(b.remaining()).isEqualTo(3);
  }

  @Test
  void encodeRoundTrips() {
    byte[] data = "OK secure match=mx.example.com".getBytes(StandardCharsets.US_ASCII);
    byte[] wire = Netstring.encode(data);
    assertThat(new String(wire, StandardCharsets.US_ASCII))
        .isEqualTo("30:OK secure match=mx.example.com,");
    assertThat(((Netstring.Decoded.Frame) Netstring.decode(ByteBuffer.wrap(wire), 100)).payload())
        .isEqualTo(data);
  }

  @FuzzTest
  void decoderNeverThrowsAndNeverOverreads(byte[] input) {
    ByteBuffer b = ByteBuffer.wrap(input);
    while (true) {
      int before = b.position();
      Netstring.Decoded d = Netstring.decode(b, 64);
      if (!(d instanceof Netstring.Decoded.Frame f)) {
        assertThat(b.position()).isEqualTo(before);
        return;
      }
      assertThat(f.payload().length).isLessThanOrEqualTo(64);
      SocketmapRequest.parse(f.payload());
    }
  }
}
