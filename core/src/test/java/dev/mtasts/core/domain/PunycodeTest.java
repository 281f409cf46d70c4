package dev.mtasts.core.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PunycodeTest {

  @ParameterizedTest(name = "{0} <-> {1}")
  @CsvSource({
    "b\u00fccher, bcher-kva",
    "stra\u00dfe, strae-oqa",
    "\u00df, zca",
    "\u4f8b\u3048, r8jz45g",
    "\ud83d\udca9, ls8h",
    // RFC 3492 §7.1 (B) Chinese (simplified)
    "\u4ed6\u4eec\u4e3a\u4ec0\u4e48\u4e0d\u8bf4\u4e2d\u6587, ihqwcrb4cv8a8dqg056pqjye",
    // RFC 3492 §7.1 (L) 3<nen>B<gumi><kinpachi><sensei>
    "3\u5e74B\u7d44\u91d1\u516b\u5148\u751f, 3B-ww4c5e180e575a65lsy2b"
  })
  void encodesAndDecodes(String unicode, String encoded) {
    assertThat(Punycode.encode(unicode)).isEqualTo(encoded);
    assertThat(Punycode.decode(encoded)).contains(unicode);
  }

  @org.junit.jupiter.api.Test
  void aLoneDigitIsTheFirstNonBasicCodePoint() {
    assertThat(Punycode.decode("a")).contains("\u0080");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"zz", "99999999999a", "\u00fc-kva", "bcher-kv!", "-9"})
  void malformedDoesNotDecode(String encoded) {
    assertThat(Punycode.decode(encoded)).isEmpty();
  }
}
