package dev.mtasts.app.resolver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mtasts.app.socketmap.Netstring;
import dev.mtasts.app.socketmap.Reply;
import dev.mtasts.core.policy.Policy;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class PostfixPolicyReplyTest {

  /** RFC 8461 §3.2's example policy. */
  private static final String RFC =
      "version: STSv1\r\nmode: enforce\r\nmx: mail.example.com\r\nmx: *.example.net\r\n"
          + "mx: backupmx.example.com\r\nmax_age: 604800\r\n";

  private static final ZoneSettings DEFAULT = ZoneSettings.DEFAULT;
  private static final ZoneSettings STRICT =
      new ZoneSettings(true, Duration.ofSeconds(4), true, false);
  private static final ZoneSettings NO_SNI =
      new ZoneSettings(false, Duration.ofSeconds(4), false, false);

  @Test
  void enforceGivesSecureMatchWithWildcardAsParentForm() {
    assertThat(reply(RFC, DEFAULT))
        .isEqualTo(
            new Reply.Ok(
                "secure match=mail.example.com:.example.net:backupmx.example.com servername=hostname"));
  }

  @Test
  void requireSniOffDropsServername() {
    assertThat(reply(RFC, NO_SNI))
        .isEqualTo(new Reply.Ok("secure match=mail.example.com:.example.net:backupmx.example.com"));
  }

  @Test
  void testingIsNotFoundUnlessStrict() {
    String testing = RFC.replace("mode: enforce", "mode: testing");
    assertThat(reply(testing, DEFAULT)).isEqualTo(Reply.NOT_FOUND);
    assertThat(reply(testing, STRICT)).isInstanceOf(Reply.Ok.class);
  }

  @Test
  void noneIsNotFoundEvenWhenStrict() {
    assertThat(reply("version: STSv1\nmode: none\nmax_age: 1\n", STRICT))
        .isEqualTo(Reply.NOT_FOUND);
  }

  @Test
  void patternsKeepTheirCaseAsTheIncumbentDoes() {
    assertThat(reply(RFC.replace("mail.example.com", "Mail.Example.COM"), NO_SNI))
        .isEqualTo(new Reply.Ok("secure match=Mail.Example.COM:.example.net:backupmx.example.com"));
  }

  @Test
  void duplicateMxAppearOnceInPolicyOrder() {
    String dup =
        "version: STSv1\nmode: enforce\nmx: b.example\nmx: a.example\nmx: b.example\nmax_age: 9\n";
    assertThat(reply(dup, NO_SNI)).isEqualTo(new Reply.Ok("secure match=b.example:a.example"));
  }

  @Test
  void tlsrptAppendsAttributesAfterServername() {
    ZoneSettings tlsrpt = new ZoneSettings(false, Duration.ofSeconds(4), true, true);
    assertThat(reply(RFC, tlsrpt))
        .isEqualTo(
            new Reply.Ok(
                "secure match=mail.example.com:.example.net:backupmx.example.com"
                    + " servername=hostname"
                    + TlsrptAttributes.of("example.com", Policy.parse(RFC).orThrow(), RFC)));
  }

  @Test
  void tlsrptWithoutSniStillFollowsTheMatchList() {
    ZoneSettings tlsrpt = new ZoneSettings(false, Duration.ofSeconds(4), false, true);
    assertThat(reply(RFC, tlsrpt).text())
        .contains("backupmx.example.com policy_type=sts policy_domain=example.com ")
        .doesNotContain("servername");
  }

  @Test
  void tlsrptAddsNothingToNotFound() {
    ZoneSettings tlsrpt = new ZoneSettings(false, Duration.ofSeconds(4), true, true);
    assertThat(reply(RFC.replace("mode: enforce", "mode: testing"), tlsrpt))
        .isEqualTo(Reply.NOT_FOUND);
    assertThat(reply("version: STSv1\nmode: none\nmax_age: 1\n", tlsrpt))
        .isEqualTo(Reply.NOT_FOUND);
  }

  @Test
  void tlsrptWithStrictTestingDescribesTheTestingPolicy() {
    ZoneSettings strictTlsrpt = new ZoneSettings(true, Duration.ofSeconds(4), true, true);
    assertThat(reply(RFC.replace("mode: enforce", "mode: testing"), strictTlsrpt).text())
        .contains(" policy_type=sts ", "{ policy_string = mode: testing }");
  }

  /**
   * RFC 8461 §3.2 allows a tab after a field's colon; the line is carried as fetched (a tab inside
   * braces is part of Postfix's value), not made a reason to answer TEMP for every lookup.
   */
  @Test
  void tlsrptCarriesALineWithATabAfterTheColon() {
    ZoneSettings tlsrpt = new ZoneSettings(false, Duration.ofSeconds(4), true, true);
    String tabbed = "version: STSv1\nmode:\tenforce\nmx:\tmail.example.com\nmax_age:\t86400\n";
    Reply reply = reply(tabbed, tlsrpt);
    assertThat(reply.text())
        .startsWith("OK secure match=mail.example.com servername=hostname policy_type=sts ")
        .contains("{ policy_string = mx:\tmail.example.com }");
    assertThat(new String(reply.encoded(), java.nio.charset.StandardCharsets.UTF_8))
        .endsWith("{ policy_string = max_age:\t86400 },");
  }

  @Test
  void tlsrptAttributesNeverPushAHugePolicyPastPostfixsReplyLimit() {
    ZoneSettings tlsrpt = new ZoneSettings(false, Duration.ofSeconds(4), true, true);
    Reply large = reply(manyMx(30_000), tlsrpt);
    assertThat(large.encoded().length).isLessThan(Netstring.MAX_REPLY + 10);
    assertThat(large.text().contains(" policy_type=sts ")).isTrue();
    assertThat(large.text().contains("policy_string")).isFalse();

    Reply huge = reply(manyMx(60_000), tlsrpt);
    assertThat(huge.encoded().length).isLessThan(Netstring.MAX_REPLY + 10);
    assertThat(huge.text().endsWith(" servername=hostname")).isTrue();
  }

  private static String manyMx(int size) {
    StringBuilder policy = new StringBuilder("version: STSv1\nmode: enforce\nmax_age: 60\n");
    for (int i = 0; policy.length() < size; i++) {
      policy.append("mx: mx").append(i).append(".a-rather-long-mail-host-name.example.com\n");
    }
    return policy.toString();
  }

  private static Reply reply(String text, ZoneSettings zone) {
    return PostfixPolicyReply.from("example.com", Policy.parse(text).orThrow(), text, zone);
  }
}
