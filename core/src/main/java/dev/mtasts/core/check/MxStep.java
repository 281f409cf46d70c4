package dev.mtasts.core.check;

import dev.mtasts.core.dns.DnsAnswer;
import dev.mtasts.core.dns.DnsResolver;
import dev.mtasts.core.dns.DnssecStatus;
import dev.mtasts.core.dns.MxRecord;
import dev.mtasts.core.dns.TlsaRecord;
import dev.mtasts.core.policy.Mode;
import dev.mtasts.core.policy.MxPattern;
import dev.mtasts.core.policy.Policy;
import dev.mtasts.core.probe.SmtpProbe;
import dev.mtasts.core.tls.Deadline;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The MX hosts (RFC 8461 §4): the MX records, whether the policy covers each host (§4.1), and a
 * probe of every address of every host (§4.2), all addresses at once on virtual threads.
 */
final class MxStep {

  /** The MX hosts and what they showed. */
  record Outcome(List<MxReport> hosts, List<Finding> findings) {
    Outcome {
      hosts = List.copyOf(hosts);
      findings = List.copyOf(findings);
    }
  }

  private record HostResult(MxReport report, List<Finding> findings) {}

  private final DnsResolver dns;
  private final SmtpProbe probe;
  private final Duration expiryWarning;
  private final CheckOptions options;

  MxStep(DnsResolver dns, SmtpProbe probe, CheckOptions options) {
    this.dns = dns;
    this.probe = probe;
    this.expiryWarning = options.expiryWarning();
    this.options = options;
  }

  Outcome run(String domain, Optional<Policy> policy, Deadline deadline) {
    List<Finding> findings = new ArrayList<>();
    DnsAnswer<MxRecord> answer = dns.mx(domain);
    if (DnsFindings.isBogus(answer)) {
      return new Outcome(List.of(), List.of(DnsFindings.bogus(domain, answer)));
    }
    if (answer.failed()) {
      return new Outcome(
          List.of(),
          List.of(
              Finding.of(
                  FindingCode.MX_DNS_ERROR,
                  domain,
                  "The MX lookup of " + domain + " failed: " + DnsFindings.failure(answer) + ".")));
    }
    if (answer.absent()) {
      return new Outcome(
          List.of(),
          List.of(
              Finding.of(
                  FindingCode.MX_MISSING,
                  domain,
                  domain + " has no MX records (" + answer.status() + ").")));
    }
    if (answer.records().stream().anyMatch(MxRecord::isNullMx)) {
      return new Outcome(List.of(), List.of(nullMx(domain, answer.records(), policy)));
    }
    Map<String, Integer> hosts = new LinkedHashMap<>();
    answer.records().stream()
        .sorted(Comparator.comparingInt(MxRecord::preference).thenComparing(MxRecord::host))
        .forEach(mx -> hosts.putIfAbsent(mx.host(), mx.preference()));
    policy.ifPresent(p -> coverage(p, hosts, findings));

    ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    try {
      Map<String, Future<HostResult>> running = new LinkedHashMap<>();
      hosts.forEach(
          (host, preference) ->
              running.put(host, threads.submit(() -> host(host, preference, threads, deadline))));
      List<MxReport> reports = new ArrayList<>();
      running.forEach(
          (host, future) -> {
            Optional<HostResult> result = await(future, deadline.remaining().plusSeconds(1));
            if (result.isPresent()) {
              reports.add(result.get().report());
              findings.addAll(result.get().findings());
            } else {
              reports.add(new MxReport(host, hosts.get(host), List.of(), List.of()));
              findings.add(unfinished(host, "resolving and probing " + host));
            }
          });
      return new Outcome(reports, findings);
    } finally {
      threads.shutdownNow();
    }
  }

  /** RFC 7505 §3: a null MX must be the only MX record; then no mail is accepted. */
  private static Finding nullMx(String domain, List<MxRecord> records, Optional<Policy> policy) {
    if (records.size() > 1) {
      return Finding.of(
              FindingCode.MX_NULL,
              domain,
              domain
                  + " publishes a null MX (\"0 .\") next to other MX records "
                  + records.stream().map(r -> r.preference() + " " + r.host()).toList()
                  + "; RFC 7505 §3 requires the null MX to be the only one.")
          .withSeverity(Severity.ERROR);
    }
    Optional<Mode> activeMode = policy.map(Policy::mode).filter(m -> m != Mode.NONE);
    if (activeMode.isPresent()) {
      return Finding.of(
              FindingCode.MX_NULL,
              domain,
              domain
                  + " has a null MX (RFC 7505): it receives no mail, yet its policy is in mode "
                  + activeMode.get().token()
                  + "; the policy should be mode none or absent.")
          .withSeverity(Severity.WARNING);
    }
    return Finding.of(
        FindingCode.MX_NULL,
        domain,
        domain + " has a null MX (RFC 7505): it receives no mail; MTA-STS has nothing to cover.");
  }

  // RFC 8461 §4.1: every MX host must match a pattern; a pattern matching no host is dead weight.
  private static void coverage(Policy policy, Map<String, Integer> hosts, List<Finding> findings) {
    if (policy.mode() == Mode.NONE) {
      return;
    }
    Severity severity = policy.mode() == Mode.ENFORCE ? Severity.ERROR : Severity.WARNING;
    hosts.forEach(
        (host, preference) -> {
          if (!policy.matchesMx(host)) {
            findings.add(
                Finding.of(
                        FindingCode.POLICY_MX_MISMATCH,
                        host,
                        "MX host "
                            + host
                            + " (preference "
                            + preference
                            + ") matches none of the policy's mx patterns "
                            + policy.mx()
                            + wildcardHint(policy, host)
                            + ".")
                    .withSeverity(severity));
          }
        });
    for (MxPattern pattern : policy.mx()) {
      if (hosts.keySet().stream().noneMatch(pattern::matches)) {
        findings.add(
            Finding.of(
                FindingCode.POLICY_MX_UNUSED,
                "mx: " + pattern.pattern(),
                "The pattern \""
                    + pattern.pattern()
                    + "\" matches none of the MX hosts "
                    + List.copyOf(hosts.keySet())
                    + "."));
      }
    }
  }

  /** Explains the near miss when a wildcard's domain is a suffix of the host, but deeper. */
  private static String wildcardHint(Policy policy, String host) {
    return policy.mx().stream()
        .filter(MxPattern::wildcard)
        .filter(
            p -> host.endsWith(p.pattern().substring(1)) || host.equals(p.pattern().substring(2)))
        .findFirst()
        .map(
            p ->
                " (\""
                    + p.pattern()
                    + "\" stands for exactly one label, so it covers neither "
                    + p.pattern().substring(2)
                    + " itself nor names two or more labels below it)")
        .orElse("");
  }

  private HostResult host(String host, int preference, ExecutorService threads, Deadline deadline) {
    List<Finding> findings = new ArrayList<>();
    DnsAnswer<InetAddress> addresses = dns.addresses(host);
    List<TlsaRecord> tlsa = tlsa(host, findings);
    if (DnsFindings.isBogus(addresses)) {
      findings.add(DnsFindings.bogus(host, addresses));
    } else if (!addresses.found()) {
      String detail =
          addresses.failed()
              ? "The address lookup of MX host "
                  + host
                  + " failed: "
                  + DnsFindings.failure(addresses)
              : "MX host " + host + " has no A or AAAA record (" + addresses.status() + ")";
      findings.add(Finding.of(FindingCode.MX_HOST_UNRESOLVABLE, host, detail + "."));
    }
    // Probed all the same: the operator asked for this domain.
    findings.addAll(NonPublicAddresses.of(host, "MX host", addresses.records(), options));
    Map<InetAddress, Future<AddressFindings.Judged>> probes = new LinkedHashMap<>();
    for (InetAddress address : addresses.records()) {
      probes.put(
          address,
          threads.submit(
              () -> AddressFindings.judge(probe.probe(host, address), tlsa, expiryWarning)));
    }
    List<AddressReport> reports = new ArrayList<>();
    probes.forEach(
        (address, future) -> {
          Optional<AddressFindings.Judged> judged = await(future, deadline.remaining());
          if (judged.isPresent()) {
            reports.add(judged.get().report());
            findings.addAll(judged.get().findings());
          } else {
            future.cancel(true);
            String subject = host + " [" + address.getHostAddress() + "]";
            reports.add(
                new AddressReport(
                    address.getHostAddress(),
                    false,
                    false,
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty(),
                    Optional.of("the probe did not finish before the deadline")));
            findings.add(unfinished(subject, "probing " + subject));
          }
        });
    return new HostResult(
        new MxReport(host, preference, reports, tlsa.stream().map(TlsaRecord::toString).toList()),
        findings);
  }

  /** RFC 7672 §2.2: TLSA records at {@code _25._tcp.<host>} make DANE senders use DANE. */
  private List<TlsaRecord> tlsa(String host, List<Finding> findings) {
    String name = "_25._tcp." + host;
    DnsAnswer<TlsaRecord> answer = dns.tlsa(name);
    if (DnsFindings.isBogus(answer)) {
      findings.add(DnsFindings.bogus(name, answer));
      return List.of();
    }
    if (!answer.found()) {
      return List.of();
    }
    String signed =
        answer.dnssec() == DnssecStatus.SECURE
            ? "the answer is DNSSEC-authenticated, so DANE senders use them"
            : "the answer was not DNSSEC-authenticated, so DANE senders ignore them and MTA-STS"
                + " applies";
    findings.add(
        Finding.of(
            FindingCode.DANE_TLSA_PRESENT,
            host,
            name + " has TLSA records " + answer.records() + "; " + signed + "."));
    return answer.records();
  }

  private static Finding unfinished(String subject, String what) {
    return Finding.of(
        FindingCode.CHECK_DEADLINE,
        subject,
        "Step " + CheckStep.MX.title() + ": " + what + " did not finish before the deadline.");
  }

  private static <T> Optional<T> await(Future<T> future, Duration timeout) {
    try {
      return Optional.of(future.get(Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS));
    } catch (TimeoutException e) {
      future.cancel(true);
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      future.cancel(true);
      return Optional.empty();
    } catch (ExecutionException e) {
      throw new IllegalStateException("an MX probe failed unexpectedly", e.getCause());
    }
  }
}
