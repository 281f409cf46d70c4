package dev.mtasts.app.resolver;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.mtasts.app.socketmap.SocketmapRequest;
import dev.mtasts.core.ParseResult;
import dev.mtasts.core.domain.Domain;
import java.util.Optional;

/**
 * Any socketmap request payload is a request or refused, and any key of a request names a policy
 * domain in A-label form or none: never thrown (an exception would answer {@code TEMP}). {@code mvn
 * test} replays the seeds in src/test/resources/.../NextHopFuzzTestInputs; {@code JAZZER_FUZZ=1}
 * fuzzes.
 */
class NextHopFuzzTest {

  @FuzzTest(maxDuration = "60s")
  void requestKeysNameADomainOrNone(byte[] input) {
    if (SocketmapRequest.parse(input) instanceof ParseResult.Ok<SocketmapRequest> ok) {
      Optional<String> domain = NextHop.policyDomain(ok.value().key());
      domain.ifPresent(d -> assertThat(Domain.of(d).ascii()).isEqualTo(d));
    }
  }
}
