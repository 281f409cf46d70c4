package dev.mtasts.core.check;

import dev.mtasts.core.ParseResult;
import dev.mtasts.core.Problem;
import dev.mtasts.core.dns.DnsAnswer;
import dev.mtasts.core.dns.DnsResolver;
import dev.mtasts.core.dns.DnssecStatus;
import dev.mtasts.core.policy.StsRecord;
import dev.mtasts.core.policy.StsRecordSelection;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The DNS records of the domain: {@code _mta-sts} (RFC 8461 §3.1), SPF (RFC 7208 §4.5), DMARC (RFC
 * 7489 §6.1), and what DNSSEC says about them.
 */
final class RecordsStep {

  /**
   * What the records showed.
   *
   * @param stsPresent whether some TXT record at {@code _mta-sts} starts with {@code v=STSv1},
   *     valid or not: then the policy host is worth checking
   * @param stsRecordId the id of the one valid record
   */
  record Outcome(boolean stsPresent, Optional<String> stsRecordId, List<Finding> findings) {
    Outcome {
      findings = List.copyOf(findings);
    }
  }

  private final DnsResolver dns;

  RecordsStep(DnsResolver dns) {
    this.dns = dns;
  }

  Outcome run(String domain) {
    List<Finding> findings = new ArrayList<>();
    String stsName = "_mta-sts." + domain;
    String dmarcName = "_dmarc." + domain;
    DnsAnswer<String> sts = dns.txt(stsName);
    DnsAnswer<String> apex = dns.txt(domain);
    DnsAnswer<String> dmarc = dns.txt(dmarcName);
    if (Stream.of(sts, apex, dmarc).allMatch(RecordsStep::serverFailed)) {
      DnsAnswer<String> root = dns.dnskey(".");
      if (serverFailed(root)) {
        return new Outcome(false, Optional.empty(), List.of(dnsPathFailed(domain, apex, root)));
      }
    }

    boolean stsPresent = false;
    Optional<String> id = Optional.empty();
    if (DnsFindings.isBogus(sts)) {
      findings.add(DnsFindings.bogus(stsName, sts));
    } else if (sts.failed()) {
      findings.add(
          Finding.of(
              FindingCode.STS_RECORD_DNS_ERROR,
              stsName,
              "The TXT lookup of " + stsName + " failed: " + DnsFindings.failure(sts) + "."));
    } else {
      StsRecordSelection selection = StsRecord.select(sts.records());
      stsPresent = !(selection instanceof StsRecordSelection.None);
      id = selection(stsName, sts.records(), selection, findings);
    }
    spf(domain, apex, findings);
    dmarc(dmarcName, dmarc, findings);
    dnssec(domain, List.of(sts, apex, dmarc), findings);
    return new Outcome(stsPresent, id, findings);
  }

  // RFC 8461 §3.1: records not starting with v=STSv1 are discarded; none means no MTA-STS, more
  // than one means no usable policy.
  private static Optional<String> selection(
      String name, List<String> records, StsRecordSelection selection, List<Finding> findings) {
    switch (selection) {
      case StsRecordSelection.None none ->
          findings.add(
              Finding.of(
                  FindingCode.STS_RECORD_MISSING,
                  name,
                  records.isEmpty()
                      ? "There is no TXT record at " + name + "."
                      : "None of the TXT records at "
                          + name
                          + " starts with v=STSv1: "
                          + DnsFindings.quoted(records)
                          + "."));
      case StsRecordSelection.Multiple multiple ->
          findings.add(
              Finding.of(
                  FindingCode.STS_RECORD_MULTIPLE,
                  name,
                  multiple.records().size()
                      + " TXT records at "
                      + name
                      + " start with v=STSv1: "
                      + DnsFindings.quoted(multiple.records())
                      + "."));
      case StsRecordSelection.One one -> {
        for (Problem error : one.result().errors()) {
          findings.add(Finding.of(FindingCode.STS_RECORD_INVALID, name, where(one.text(), error)));
        }
        for (Problem warning : one.result().warnings()) {
          findings.add(
              Finding.tolerated(FindingCode.STS_RECORD_INVALID, name, where(one.text(), warning)));
        }
        if (one.result() instanceof ParseResult.Ok<StsRecord> ok) {
          return Optional.of(ok.value().id());
        }
      }
    }
    return Optional.empty();
  }

  private static String where(String record, Problem problem) {
    String column = problem.column() > 0 ? " at column " + problem.column() : "";
    return "The record \"" + record + "\"" + column + ": " + problem.message() + ".";
  }

  // RFC 7208 §4.5: the SPF record starts with "v=spf1" followed by a space or its end.
  private static void spf(String domain, DnsAnswer<String> apex, List<Finding> findings) {
    if (DnsFindings.isBogus(apex)) {
      findings.add(DnsFindings.bogus(domain, apex));
      return;
    }
    boolean found =
        apex.records().stream()
            .map(r -> r.toLowerCase(Locale.ROOT))
            .anyMatch(r -> r.equals("v=spf1") || r.startsWith("v=spf1 "));
    if (!found) {
      String detail =
          apex.failed()
              ? "The TXT lookup of " + domain + " failed: " + DnsFindings.failure(apex) + "."
              : "No TXT record at " + domain + " starts with \"v=spf1\".";
      findings.add(Finding.of(FindingCode.SPF_MISSING, domain, detail));
    }
  }

  // RFC 7489 §6.1, §6.4: the DMARC record at _dmarc.<domain> starts with "v=DMARC1".
  private static void dmarc(String name, DnsAnswer<String> dmarc, List<Finding> findings) {
    if (DnsFindings.isBogus(dmarc)) {
      findings.add(DnsFindings.bogus(name, dmarc));
      return;
    }
    boolean found = dmarc.records().stream().anyMatch(r -> r.startsWith("v=DMARC1"));
    if (!found) {
      String detail =
          dmarc.failed()
              ? "The TXT lookup of " + name + " failed: " + DnsFindings.failure(dmarc) + "."
              : "No TXT record at " + name + " starts with \"v=DMARC1\".";
      findings.add(Finding.of(FindingCode.DMARC_MISSING, name, detail));
    }
  }

  /** A failure of the server or the path to it; a bogus answer is DNSSEC's verdict, not one. */
  private static boolean serverFailed(DnsAnswer<?> answer) {
    return answer.failed() && !DnsFindings.isBogus(answer);
  }

  /**
   * Every question about the domain failed, and so did the control question for the root zone's
   * DNSKEY records, which every working resolver answers and which a validating one asks first (RFC
   * 4035 §5): the DNS server the check asks, or the path to it, is at fault.
   */
  private static Finding dnsPathFailed(String domain, DnsAnswer<?> apex, DnsAnswer<?> root) {
    return Finding.of(
        FindingCode.DNS_RESOLVER_FAILED,
        domain,
        "Every DNS question about "
            + domain
            + " failed, e.g. "
            + DnsFindings.failure(apex)
            + ", and so did the control question for the root zone's DNSKEY records, which every"
            + " working resolver answers: "
            + DnsFindings.failure(root)
            + ".");
  }

  /**
   * RFC 4035 §4.3, §5.2: when no answer was authenticated, the DS question at the parent tells an
   * unsigned zone (no DS) from a signed one the DNS server did not validate (DS present).
   */
  private void dnssec(String domain, List<DnsAnswer<String>> answers, List<Finding> findings) {
    List<DnsAnswer<String>> answered = answers.stream().filter(a -> !a.failed()).toList();
    boolean unauthenticated =
        !answered.isEmpty() && answered.stream().allMatch(a -> a.dnssec() == DnssecStatus.INSECURE);
    if (!unauthenticated) {
      return;
    }
    String observed = "No answer for " + domain + " was DNSSEC-authenticated";
    DnsAnswer<String> parent = dns.ds(domain);
    if (parent.found()) {
      findings.add(
          Finding.of(
              FindingCode.DNSSEC_NOT_VALIDATED,
              domain,
              observed
                  + ", yet the parent zone publishes DS records for it "
                  + parent.records()
                  + ", so the zone is signed: the DNS server did not validate (no AD bit), or"
                  + " validation found no secure path."));
    } else if (parent.absent()) {
      findings.add(
          Finding.of(
              FindingCode.DNSSEC_UNSIGNED,
              domain,
              observed
                  + ", and the parent zone publishes no DS record for it: the zone is not signed."));
    } else {
      findings.add(
          Finding.of(
              FindingCode.DNSSEC_NOT_VALIDATED,
              domain,
              observed
                  + ", and the DS question at the parent failed ("
                  + DnsFindings.failure(parent)
                  + "), so whether the zone is signed is unknown."));
    }
  }
}
