package dev.mtasts.core.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.mtasts.core.ParseResult;
import dev.mtasts.core.domain.Domain;
import java.nio.charset.StandardCharsets;

/**
 * Fuzz targets for the parsers. Invariants: they never throw, and whatever they accept writes back
 * to text that reads as the same value; a sender ({@link Leniency#SENDER}) reads whatever the
 * strict parser accepts as the same value with the same warnings. {@code mvn test} replays the
 * seeds in src/test/resources/.../PolicyFuzzTestInputs (the RFC examples and table cases); {@code
 * JAZZER_FUZZ=1} fuzzes.
 */
class PolicyFuzzTest {

  @FuzzTest(maxDuration = "60s")
  void policyParse(byte[] input) {
    ParseResult<Policy> result = Policy.parse(input);
    ParseResult<Policy> sender = Policy.parse(input, Leniency.SENDER);
    if (result instanceof ParseResult.Ok<Policy> ok) {
      assertThat(Policy.parse(ok.value().toText()).orThrow()).isEqualTo(ok.value());
      assertThat(sender).isEqualTo(result);
    }
    if (sender instanceof ParseResult.Ok<Policy> ok) {
      assertThat(Policy.parse(ok.value().toText()).orThrow()).isEqualTo(ok.value());
    }
    Policy.parse(new String(input, StandardCharsets.UTF_8));
    Policy.parse(new String(input, StandardCharsets.UTF_8), Leniency.SENDER);
  }

  @FuzzTest(maxDuration = "60s")
  void stsRecordParse(byte[] input) {
    ParseResult<StsRecord> result = StsRecord.parse(new String(input, StandardCharsets.ISO_8859_1));
    if (result instanceof ParseResult.Ok<StsRecord> ok) {
      assertThat(StsRecord.parse(ok.value().toText()).orThrow()).isEqualTo(ok.value());
    }
  }

  @FuzzTest(maxDuration = "60s")
  void mxPatternMatch(FuzzedDataProvider data) {
    String pattern = data.consumeString(300);
    String host = data.consumeRemainingAsString();
    if (MxPattern.parse(pattern) instanceof ParseResult.Ok<MxPattern> ok) {
      MxPattern mx = ok.value();
      boolean matches = mx.matches(host);
      // matching ignores ASCII case and one trailing dot of the host
      assertThat(mx.matches(upperAscii(host))).isEqualTo(matches);
      assertThat(mx.matches(host + ".")).isEqualTo(!host.endsWith(".") && matches);
      // a pattern with an all-numeric last label is valid (RFC 5321 §4.1.2) but names no host
      if (!mx.wildcard() && Domain.parse(pattern).isOk()) {
        assertThat(mx.matches(pattern)).isTrue();
      }
    }
  }

  private static String upperAscii(String s) {
    StringBuilder upper = new StringBuilder(s.length());
    s.chars().forEach(c -> upper.append((char) (c >= 'a' && c <= 'z' ? c - 32 : c)));
    return upper.toString();
  }
}
