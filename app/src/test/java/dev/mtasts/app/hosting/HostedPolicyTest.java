package dev.mtasts.app.hosting;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mtasts.core.policy.Mode;
import dev.mtasts.core.policy.MxPattern;
import dev.mtasts.core.policy.Policy;
import dev.mtasts.core.policy.StsRecord;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link HostedPolicy}: the served text and the published id come from one place. */
class HostedPolicyTest {

  private static Policy policy(Mode mode, long maxAge, String... mx) {
    return new Policy(mode, List.of(mx).stream().map(MxPattern::new).toList(), maxAge, List.of());
  }

  private static final Policy TESTING = policy(Mode.TESTING, 86_400, "mx1.example.org");

  @Test
  void theTextIsTheCanonicalPolicyWithCrlfLines() {
    HostedPolicy p = HostedPolicy.of("example.org", TESTING);
    assertThat(p.text())
        .isEqualTo("version: STSv1\r\nmode: testing\r\nmx: mx1.example.org\r\nmax_age: 86400\r\n");
    assertThat(new String(p.body(), StandardCharsets.UTF_8)).isEqualTo(p.text());
    assertThat(Policy.parse(p.body()).orThrow()).isEqualTo(TESTING);
  }

  @Test
  void theIdIsAValidRecordIdAndTheTxtValueCarriesIt() {
    HostedPolicy p = HostedPolicy.of("example.org", TESTING);
    assertThat(p.id()).matches("[0-9a-f]{32}");
    StsRecord record = StsRecord.parse(p.txtValue()).orThrow();
    assertThat(record.id()).isEqualTo(p.id());
    assertThat(p.txtValue()).isEqualTo("v=STSv1; id=" + p.id() + ";");
    assertThat(p.etag()).isEqualTo("\"" + p.id() + "\"");
  }

  @Test
  void theSamePolicyKeepsItsId() {
    assertThat(HostedPolicy.of("example.org", TESTING).id())
        .isEqualTo(
            HostedPolicy.of("example.org", policy(Mode.TESTING, 86_400, "mx1.example.org")).id());
  }

  @Test
  void everyChangeIsANewId() {
    String id = HostedPolicy.of("example.org", TESTING).id();
    List<Policy> changed =
        List.of(
            policy(Mode.ENFORCE, 86_400, "mx1.example.org"),
            policy(Mode.NONE, 86_400, "mx1.example.org"),
            policy(Mode.TESTING, 86_401, "mx1.example.org"),
            policy(Mode.TESTING, 86_400, "mx2.example.org"),
            policy(Mode.TESTING, 86_400, "mx1.example.org", "mx2.example.org"),
            policy(Mode.TESTING, 86_400, "*.example.org"));
    assertThat(changed)
        .extracting(p -> HostedPolicy.of("example.org", p).id())
        .doesNotContain(id)
        .doesNotHaveDuplicates();
  }
}
