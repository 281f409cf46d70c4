package dev.mtasts.core.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.mtasts.core.ParseResult;
import dev.mtasts.core.Problem;
import java.util.stream.Stream;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class DomainTest {

  private static final String LABEL_63 = "a".repeat(63);

  // ---- accepted

  @ParameterizedTest(name = "{0} -> {1} / {2}")
  @CsvSource({
    "example.com, example.com, example.com",
    "Example.COM, example.com, example.com",
    "example.com., example.com, example.com",
    "localhost, localhost, localhost",
    "1e100.net, 1e100.net, 1e100.net",
    "123.example, 123.example, 123.example",
    "a-b--c.example, a-b--c.example, a-b--c.example",
    "b\u00fccher.example, xn--bcher-kva.example, b\u00fccher.example",
    "B\u00dcCHER.Example., xn--bcher-kva.example, b\u00fccher.example",
    "xn--bcher-kva.example, xn--bcher-kva.example, b\u00fccher.example",
    "XN--BCHER-KVA.EXAMPLE, xn--bcher-kva.example, b\u00fccher.example",
    "mx.b\u00fccher.xn--p1ai, mx.xn--bcher-kva.xn--p1ai, mx.b\u00fccher.\u0440\u0444",
    "b\u00fccher\u3002example, xn--bcher-kva.example, b\u00fccher.example",
    "\u4f8b\u3048.\u30c6\u30b9\u30c8, xn--r8jz45g.xn--zckzah, \u4f8b\u3048.\u30c6\u30b9\u30c8"
  })
  void parsesEitherForm(String text, String ascii, String unicode) {
    Domain domain = Domain.parse(text).orThrow();
    assertThat(domain.ascii()).isEqualTo(ascii);
    assertThat(domain.unicode()).isEqualTo(unicode);
    assertThat(domain.isInternationalized()).isEqualTo(!ascii.equals(unicode));
    assertThat(domain).hasToString(ascii);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "xn--bcher-kva.example",
    "xn--mnchen-3ya.example",
    "xn--r8jz45g.xn--zckzah",
    "xn--80akhbyknj4f.xn--p1ai",
    "xn--ls8h.example"
  })
  void punycodeRoundTrips(String ascii) {
    Domain domain = Domain.parse(ascii).orThrow();
    assertThat(domain.isInternationalized()).isTrue();
    assertThat(Domain.parse(domain.unicode()).orThrow().ascii()).isEqualTo(ascii);
  }

  @Test
  void theLongestNamesAndLabels() {
    String name253 = LABEL_63 + "." + LABEL_63 + "." + LABEL_63 + "." + "a".repeat(61);
    assertThat(name253).hasSize(253);
    assertThat(Domain.parse(name253).orThrow().ascii()).isEqualTo(name253);
    assertThat(Domain.parse(name253 + ".").isOk()).as("the trailing dot is not counted").isTrue();
    assertThat(Domain.parse(LABEL_63 + ".example").isOk()).isTrue();
  }

  @Test
  void equalWhenTheAsciiFormsAre() {
    Domain unicode = Domain.parse("B\u00fccher.example").orThrow();
    Domain ascii = Domain.parse("xn--bcher-kva.EXAMPLE.").orThrow();
    assertThat(unicode).isEqualTo(ascii).hasSameHashCodeAs(ascii);
    assertThat(unicode).isNotEqualTo(Domain.of("bucher.example"));
  }

  @Test
  void recordNamesMayHaveUnderscores() {
    assertThat(Domain.parseRecordName("_mta-sts.Example.com.").orThrow().ascii())
        .isEqualTo("_mta-sts.example.com");
    assertThat(Domain.parseRecordName("_smtp._tls.example.com").orThrow().ascii())
        .isEqualTo("_smtp._tls.example.com");
    assertThat(Domain.parseRecordName("_25._tcp.mx.b\u00fccher.example").orThrow().ascii())
        .isEqualTo("_25._tcp.mx.xn--bcher-kva.example");
  }

  /** Pins what java.net.IDN (IDNA2003) does, and where the deviations follow IDNA2008. */
  @Test
  void idnaMappings() {
    assertThat(Domain.of("\uff45\uff58\uff41\uff4d\uff50\uff4c\uff45.com").ascii())
        .as("fullwidth letters fold (NFKC)")
        .isEqualTo("example.com");
    assertThat(Domain.of("\u212a.example").ascii())
        .as("the Kelvin sign folds")
        .isEqualTo("k.example");
    assertThat(Domain.of("stra\u00dfe.de").ascii())
        .as("IDNA2008 keeps ß; IDNA2003 would say strasse.de, another domain")
        .isEqualTo("xn--strae-oqa.de");
    assertThat(Domain.of("xn--strae-oqa.de").unicode()).isEqualTo("stra\u00dfe.de");
    assertThat(Domain.of("\u03bb\u03cc\u03b3\u03bf\u03c2.example").ascii())
        .as("final sigma kept; IDNA2003 would say xn--oxapnq6b, with σ")
        .isEqualTo("xn--oxapnm1c.example");
    assertThat(Domain.of("xn--zca.example").unicode()).isEqualTo("\u00df.example");
  }

  // ---- refused

  static Stream<Arguments> refused() {
    return Stream.of(
        refused("", DomainCodes.DOMAIN_EMPTY, 1, "empty"),
        refused(".", DomainCodes.DOMAIN_EMPTY, 1, "the root"),
        refused("example..com", DomainCodes.DOMAIN_LABEL_EMPTY, 9, "two dots"),
        refused(".example.com", DomainCodes.DOMAIN_LABEL_EMPTY, 1, "leading dot"),
        refused("example.com..", DomainCodes.DOMAIN_LABEL_EMPTY, 13, "two trailing dots"),
        refused("b\u00fccher..example", DomainCodes.DOMAIN_LABEL_EMPTY, 8, "two dots, IDN"),
        refused("a".repeat(64) + ".com", DomainCodes.DOMAIN_LABEL_TOO_LONG, 64, "label of 64"),
        refused(
            LABEL_63 + "." + LABEL_63 + "." + LABEL_63 + "." + "a".repeat(62),
            DomainCodes.DOMAIN_TOO_LONG,
            254,
            "254 characters"),
        refused("a".repeat(250) + ".com", DomainCodes.DOMAIN_TOO_LONG, 254, "before labels"),
        refused(
            "b\u00fccher." + (LABEL_63 + ".").repeat(3) + "a".repeat(50),
            DomainCodes.DOMAIN_TOO_LONG,
            1,
            "254 characters as A-labels"),
        refused(
            "\u00fc" + "a".repeat(62) + ".example",
            DomainCodes.DOMAIN_U_LABEL_INVALID,
            1,
            "U-label of 63 whose A-label is longer"),
        refused("-example.com", DomainCodes.DOMAIN_HYPHEN, 1, "leading hyphen"),
        refused("example-.com", DomainCodes.DOMAIN_HYPHEN, 8, "trailing hyphen"),
        refused("mail.-.com", DomainCodes.DOMAIN_HYPHEN, 6, "hyphen alone"),
        refused("-b\u00fccher.example", DomainCodes.DOMAIN_U_LABEL_INVALID, 1, "hyphen, IDN"),
        refused("exa_mple.com", DomainCodes.DOMAIN_CHARACTER, 4, "underscore in a host name"),
        refused("_mta-sts.example.com", DomainCodes.DOMAIN_CHARACTER, 1, "owner name, not host"),
        refused("exa mple.com", DomainCodes.DOMAIN_CHARACTER, 4, "space"),
        refused(" example.com", DomainCodes.DOMAIN_CHARACTER, 1, "leading space not stripped"),
        refused("example.com\n", DomainCodes.DOMAIN_CHARACTER, 12, "line break"),
        refused("ex@mple.com", DomainCodes.DOMAIN_CHARACTER, 3, "at sign"),
        refused("*.example.com", DomainCodes.DOMAIN_CHARACTER, 1, "wildcard"),
        refused("example.com:25", DomainCodes.DOMAIN_CHARACTER, 12, "port"),
        refused("[192.0.2.1]", DomainCodes.DOMAIN_CHARACTER, 1, "address literal"),
        refused("2001:db8::1", DomainCodes.DOMAIN_CHARACTER, 5, "IPv6 address"),
        refused("exa\u0000mple.com", DomainCodes.DOMAIN_CHARACTER, 4, "NUL"),
        refused("b\u00fc cher.example", DomainCodes.DOMAIN_CHARACTER, 3, "space in a U-label"),
        refused("b\u00fc_cher.example", DomainCodes.DOMAIN_CHARACTER, 3, "underscore in U-label"),
        refused("192.0.2.1", DomainCodes.DOMAIN_NUMERIC_TLD, 9, "IPv4 address"),
        refused("example.123", DomainCodes.DOMAIN_NUMERIC_TLD, 9, "all-numeric TLD"),
        refused("xn--zz.example", DomainCodes.DOMAIN_A_LABEL_INVALID, 1, "invalid Punycode"),
        refused("mail.xn--zz", DomainCodes.DOMAIN_A_LABEL_INVALID, 6, "invalid Punycode TLD"),
        refused("xn--abc-.example", DomainCodes.DOMAIN_HYPHEN, 8, "Punycode of ASCII ends in '-'"),
        refused("xn--.example", DomainCodes.DOMAIN_HYPHEN, 4, "prefix only"),
        refused("xn--bcher-kva-.example", DomainCodes.DOMAIN_HYPHEN, 14, "A-label ends in '-'"),
        refused("STRA\u00dfE.de", DomainCodes.DOMAIN_U_LABEL_INVALID, 1, "ß with capitals"),
        refused("a\u200db.example", DomainCodes.DOMAIN_U_LABEL_INVALID, 1, "zero-width joiner"),
        refused("xn--bcher-kva0.example", DomainCodes.DOMAIN_A_LABEL_INVALID, 1, "trailing digit"),
        refused("xn--99999999999a.example", DomainCodes.DOMAIN_A_LABEL_INVALID, 1, "overflow"),
        refused(
            "xn--" + Punycode.encode("bu\u0308cher") + ".example",
            DomainCodes.DOMAIN_A_LABEL_INVALID,
            1,
            "U-label not in NFC"),
        refused(
            "xn--" + Punycode.encode("\u00dc") + ".example",
            DomainCodes.DOMAIN_A_LABEL_INVALID,
            1,
            "U-label with a non-ASCII capital"),
        refused("xn--bcher-kva1.example", DomainCodes.DOMAIN_A_LABEL_INVALID, 1, "bad digit"),
        refused("xn--b\u00fccher.example", DomainCodes.DOMAIN_U_LABEL_INVALID, 1, "ACE prefix"),
        refused("a\u2028b.example", DomainCodes.DOMAIN_U_LABEL_INVALID, 1, "prohibited"),
        refused("\u05d0a.example", DomainCodes.DOMAIN_U_LABEL_INVALID, 1, "mixed direction"),
        refused("\udc00.example", DomainCodes.DOMAIN_U_LABEL_INVALID, 1, "lone surrogate"),
        refused("\u00ad.example", DomainCodes.DOMAIN_U_LABEL_INVALID, 1, "maps to nothing"),
        refused("\u00fc.xn--zz", DomainCodes.DOMAIN_A_LABEL_INVALID, 3, "mixed, bad A-label"),
        // IDNA2003 maps these to an ASCII "xn--" label, which must still be a valid A-label
        refused("xn--zz\u00ad.example", DomainCodes.DOMAIN_A_LABEL_INVALID, 1, "maps to xn--zz"),
        refused("mail.xn--z\ufeffz", DomainCodes.DOMAIN_A_LABEL_INVALID, 6, "BOM in xn--zz"),
        refused("\uff58n--zz.example", DomainCodes.DOMAIN_A_LABEL_INVALID, 1, "fullwidth x"));
  }

  @ParameterizedTest(name = "{3}: {0}")
  @MethodSource("refused")
  void refusesWithCodeAndColumn(String text, String code, int column, String reason) {
    ParseResult<Domain> parsed = Domain.parse(text);
    assertThat(parsed.errors())
        .as(reason)
        .extracting(Problem::code, Problem::column)
        .containsExactly(Tuple.tuple(code, column));
    assertThatThrownBy(() -> Domain.of(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(code);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "_mta-sts..example.com",
    "_mta-sts.example.com:25",
    "-_x.example.com",
    "_x.192",
    "_x.xn--zz",
    "_b\u00fccher.example",
    "'_a b.example'"
  })
  void recordNamesKeepEveryOtherRule(String text) {
    assertThat(Domain.parseRecordName(text).isOk()).isFalse();
  }

  @Test
  void messagesNameTheFlaw() {
    assertThat(Domain.parse("exa\u0001mple.com").errors().getFirst().message())
        .isEqualTo("character '\\x01' not allowed in a domain name");
    assertThat(Domain.parse("xn--zz.example").errors().getFirst().message())
        .contains("'xn--zz'", "not a valid A-label");
    assertThat(Domain.parse("a\u2028b.example").errors().getFirst().message())
        .contains("no A-label (IDNA2003)");
  }

  /** The fast path accepts only what every rule accepts, with the same result. */
  @Test
  void theFastPathAgreesWithTheGeneralOne() {
    java.util.Random random = new java.util.Random(8461);
    String alphabet = "aZ9-._xn0";
    int fast = 0;
    for (int n = 0; n < 200_000; n++) {
      StringBuilder text = new StringBuilder();
      int length = random.nextInt(12);
      for (int i = 0; i < length; i++) {
        text.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      for (boolean underscores : new boolean[] {false, true}) {
        String plain = Domain.plainAscii(text.toString(), underscores);
        if (plain != null) {
          fast++;
          assertThat(Domain.general(text.toString(), underscores).ok().map(Domain::ascii))
              .as("%s", text)
              .contains(plain);
        }
      }
    }
    assertThat(fast).as("inputs the fast path took").isGreaterThan(10_000);
    assertThat(Domain.plainAscii("a".repeat(63) + "." + "b".repeat(63), false)).isNotNull();
    assertThat(Domain.plainAscii("a".repeat(64) + ".com", false)).isNull();
    assertThat(Domain.plainAscii((LABEL_63 + ".").repeat(3) + "a".repeat(62), false)).isNull();
  }

  private static Arguments refused(String text, String code, int column, String reason) {
    return arguments(text, code, column, reason);
  }
}
