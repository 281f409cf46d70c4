package dev.mtasts.app.resolver;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.mtasts.app.socketmap.Netstring;
import dev.mtasts.app.socketmap.Reply;
import dev.mtasts.core.ParseResult;
import dev.mtasts.core.policy.Leniency;
import dev.mtasts.core.policy.Policy;
import java.time.Duration;

/**
 * Whatever policy body a sender applies, the daemon can answer it in every zone, within Postfix's
 * reply limit: the policy host chooses the body, and a reply that cannot be built would answer
 * {@code TEMP} for the domain forever. {@code mvn test} replays the seeds in
 * src/test/resources/.../PostfixPolicyReplyFuzzTestInputs; {@code JAZZER_FUZZ=1} fuzzes.
 */
class PostfixPolicyReplyFuzzTest {

  private static final ZoneSettings TLSRPT =
      new ZoneSettings(true, Duration.ofSeconds(4), true, true);

  @FuzzTest(maxDuration = "60s")
  void everyAppliedPolicyHasASendableReply(byte[] input) {
    if (Policy.parse(input, Leniency.SENDER) instanceof ParseResult.Ok<Policy> ok) {
      String text = new String(input, java.nio.charset.StandardCharsets.UTF_8);
      for (ZoneSettings zone : new ZoneSettings[] {ZoneSettings.DEFAULT, TLSRPT}) {
        Reply reply = PostfixPolicyReply.from("example.com", ok.value(), text, zone);
        assertThat(reply.encoded().length).isLessThanOrEqualTo(Netstring.MAX_REPLY + 8);
      }
    }
  }
}
