package dev.mtasts.core.check;

import dev.mtasts.core.dns.DnsAnswer;
import dev.mtasts.core.dns.DnsStatus;
import java.util.List;

/** Words for DNS outcomes in findings. */
final class DnsFindings {

  private DnsFindings() {}

  /** RFC 4035 §5.5: a bogus answer must not be used; senders see nothing at all. */
  static Finding bogus(String name, DnsAnswer<?> answer) {
    return Finding.of(
        FindingCode.DNSSEC_BOGUS,
        name,
        "DNSSEC validation of the answer for " + name + " failed (" + answer.detail() + ").");
  }

  static boolean isBogus(DnsAnswer<?> answer) {
    return answer.status() == DnsStatus.BOGUS;
  }

  /** e.g. {@code SERVFAIL (configured failure at x)}. */
  static String failure(DnsAnswer<?> answer) {
    return answer.status() + (answer.detail().isEmpty() ? "" : " (" + answer.detail() + ")");
  }

  /** TXT record texts as a reader sees them: each in double quotes. */
  static String quoted(List<String> texts) {
    return texts.stream().map(t -> "\"" + t + "\"").toList().toString();
  }
}
