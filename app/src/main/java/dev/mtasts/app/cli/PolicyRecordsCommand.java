package dev.mtasts.app.cli;

import dev.mtasts.app.dnsupdate.DnsUpdateSettings;
import dev.mtasts.app.hosting.HostedPolicy;
import dev.mtasts.app.rollout.HostedRecords;
import dev.mtasts.core.publish.Publication;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code policy records DOMAIN --config FILE}: the DNS records a domain that serve hosts needs now,
 * from the same source as the served policy, so the published id is the served one (RFC 8461 §3.1).
 */
@Command(
    name = "records",
    mixinStandardHelpOptions = true,
    description = {
      "Show the DNS records a domain hosted by serve needs now: the _mta-sts record with the id"
          + " of the policy serve serves, and the _smtp._tls record when tlsrpt_rua is set.",
      "Publish a new _mta-sts id only once serve serves the new policy (it does as soon as it"
          + " reloads the config); with dns_update, serve publishes it itself in that order.",
      "Exit 0: printed; 2: the config is unreadable or does not host DOMAIN."
    })
final class PolicyRecordsCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "DOMAIN", description = "a domain under policy_host")
  String domain;

  @Option(names = "--config", required = true, paramLabel = "FILE", description = "serve's config")
  Path config;

  @Option(names = "--json", description = "one JSON object")
  boolean json;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    Optional<HostedDomainInput> input =
        HostedDomainInput.read("policy records", domain, config, spec.commandLine().getErr());
    if (input.isEmpty()) {
      return ExitCodes.TOOL_ERROR;
    }
    HostedPolicy policy = input.get().domain().hostedPolicy();
    Publication publication = HostedRecords.publication(input.get().domain());
    List<Publication.DnsRecord> records = HostedRecords.records(input.get().domain());
    Optional<DnsUpdateSettings> update = input.get().domain().publishing().dnsUpdate();
    if (json) {
      Map<String, Object> object = new LinkedHashMap<>();
      object.put("domain", publication.domain());
      object.put("mode", policy.policy().mode().token());
      object.put("policyId", policy.id());
      object.put("policyUrl", publication.policyUrl());
      object.put("records", records.stream().map(RecordOutput::json).toList());
      object.put(
          "dnsUpdate",
          update
              .map(
                  u ->
                      Map.<String, Object>of(
                          "server",
                          u.server().getAddress().getHostAddress() + ":" + u.server().getPort(),
                          "zone",
                          u.zone()))
              .orElse(null));
      out.println(ProblemOutput.JSON.writeValueAsString(object));
    } else {
      out.println(
          "; "
              + publication.domain()
              + ": serve serves the "
              + policy.policy().mode().token()
              + " policy with id "
              + policy.id()
              + " at "
              + publication.policyUrl());
      records.forEach(r -> out.println(r.zoneLine()));
      out.println(
          "; mta-sts."
              + publication.domain()
              + ". needs an A/AAAA record (or a CNAME) for the address of serve's"
              + " policy_host.listen");
      out.println(
          update
              .map(
                  u ->
                      "; serve writes the TXT records itself by dynamic update (RFC 2136) to "
                          + u.server().getAddress().getHostAddress()
                          + " port "
                          + u.server().getPort()
                          + ", zone "
                          + u.zone()
                          + ", once it serves this policy")
              .orElse(
                  "; paste the TXT records into the zone of "
                      + publication.domain()
                      + " (no dns_update), after serve serves this policy"));
    }
    out.flush();
    return ExitCodes.OK;
  }
}
