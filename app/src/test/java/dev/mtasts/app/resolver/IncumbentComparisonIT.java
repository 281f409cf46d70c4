package dev.mtasts.app.resolver;

import dev.mtasts.app.testing.MtastsJar;
import dev.mtasts.app.testing.NetNamespace;
import dev.mtasts.app.testing.RequiredService;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The "done when": our resolver answers every lab domain, in every key form Postfix sends,
 * exactly as postfix-mta-sts-resolver's {@code mta-sts-daemon} does with the same {@code
 * mta-sts-daemon.yml}, except the deliberate differences of docs/resolver.md, which are listed in
 * {@link #DIFFERENCES} with both replies so that a change on either side is noticed.
 *
 * <p>Everything runs in one private network namespace: the lab (DNS on 127.0.0.1:53, policy hosts
 * on 443), the incumbent (trusting the lab CA through a namespace copy of {@code /etc/ssl}) and our
 * resolver (trusting it through {@code mtasts.ca_file}). Both daemons are asked through a socket
 * opened inside the namespace by a helper process, since this JVM lives outside it.
 */
class IncumbentComparisonIT {

  private static final Path INCUMBENT = Path.of("/usr/bin/mta-sts-daemon");
  private static final int THEIR_PORT = 18462;
  private static final int OUR_PORT = 18463;

  /** The shared config: the default zone, a strict_testing zone and a tlsrpt zone. */
  private static final String CONFIG =
      """
      host: 127.0.0.1
      port: %d
      zones:
        strict:
          strict_testing: true
        reports:
          tlsrpt: true
      """;

  /**
   * Requests (matched by {@code requests}, case-insensitively) whose two replies differ on purpose
   * (docs/resolver.md, "Deliberate differences"), with why.
   */
  record Difference(Pattern requests, String theirs, String ours, String why) {
    Difference(String regex, String theirs, String ours, String why) {
      this(Pattern.compile(regex, Pattern.CASE_INSENSITIVE), theirs, ours, why);
    }
  }

  private static final List<Difference> DIFFERENCES =
      List.of(
          new Difference(
              "(postfix|strict|unknownzone) \\[?bad-record\\.test\\.?]?(:25)?",
              "OK secure match=mx1.bad-record.test servername=hostname",
              "NOTFOUND ",
              "RFC 8461 §3.1: id must be 1-32 alphanumerics; the incumbent checks only presence"),
          new Difference(
              "reports good\\.test",
              "OK secure match=mx1.good.test:mx2.good.test servername=hostname",
              "OK secure match=mx1.good.test:mx2.good.test servername=hostname policy_type=sts"
                  + " policy_domain=good.test mx_host_pattern=mx1.good.test"
                  + " mx_host_pattern=mx2.good.test { policy_string = version: STSv1 }"
                  + " { policy_string = mode: enforce } { policy_string = mx: mx1.good.test }"
                  + " { policy_string = mx: mx2.good.test }"
                  + " { policy_string = max_age: 604800 }",
              "1.1.2 predates the tlsrpt switch (1.5.0); ours sends the Postfix 3.10 attributes"),
          new Difference(
              "reports wildcard\\.test",
              "OK secure match=.mail.wildcard.test servername=hostname",
              "OK secure match=.mail.wildcard.test servername=hostname policy_type=sts"
                  + " policy_domain=wildcard.test mx_host_pattern=*.mail.wildcard.test"
                  + " { policy_string = version: STSv1 } { policy_string = mode: enforce }"
                  + " { policy_string = mx: *.mail.wildcard.test }"
                  + " { policy_string = max_age: 604800 }",
              "1.1.2 predates the tlsrpt switch (1.5.0); ours sends the Postfix 3.10 attributes"));

  @Test
  void repliesMatchTheIncumbentsExceptDocumentedDifferences(@TempDir Path dir) throws Exception {
    RequiredService.assume(NetNamespace.available(), "root with iproute2 (network namespaces)");
    RequiredService.assume(
        Files.isExecutable(INCUMBENT), "postfix-mta-sts-resolver (" + INCUMBENT + ")");
    MtastsJar mtasts = MtastsJar.assumeBuilt();
    List<Process> processes = new ArrayList<>();
    try (NetNamespace ns = NetNamespace.create()) {
      MtastsJar.RunningLab lab = mtasts.startLab(ns, dir);
      processes.add(lab.process());
      Path caFile = lab.caFile();
      List<String> domains = lab.domains();

      // Python's ssl (aiohttp) reads OpenSSL's default CA file, /etc/ssl/certs/ca-certificates.crt.
      Path ssl = ns.overlayEtc("ssl");
      Files.write(
          ssl.resolve("certs/ca-certificates.crt"),
          Files.readAllBytes(caFile),
          StandardOpenOption.APPEND);

      Path theirConfig = dir.resolve("theirs.yml");
      Files.writeString(theirConfig, CONFIG.formatted(THEIR_PORT));
      Path ourConfig = dir.resolve("ours.yml");
      Files.writeString(
          ourConfig,
          CONFIG.formatted(OUR_PORT)
              + "mtasts:\n  ca_file: %s\n  dns: 127.0.0.1:53\n  allow_private_addresses: true\n"
                  .formatted(caFile));
      start(
          processes,
          new ProcessBuilder(ns.command(INCUMBENT.toString(), "-c", theirConfig.toString()))
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("theirs.log").toFile()));
      start(
          processes,
          new ProcessBuilder(mtasts.command(ns, "resolver", "--config", ourConfig.toString()))
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("ours.log").toFile()));
      ns.awaitPort(THEIR_PORT, Duration.ofSeconds(30));
      ns.awaitPort(OUR_PORT, Duration.ofSeconds(60));

      List<String> requests = requests(domains);
      List<String> theirs = ask(ns, THEIR_PORT, requests);
      List<String> ours = ask(ns, OUR_PORT, requests);

      SoftAssertions soft = new SoftAssertions();
      for (int i = 0; i < requests.size(); i++) {
        String request = requests.get(i);
        Difference known =
            DIFFERENCES.stream()
                .filter(d -> d.requests().matcher(request).matches())
                .findFirst()
                .orElse(null);
        if (known != null) {
          soft.assertThat(normalized(theirs.get(i)))
              .as("theirs: " + request)
              .isEqualTo(known.theirs());
          soft.assertThat(ours.get(i))
              .as("ours: " + request + " (" + known.why() + ")")
              .isEqualTo(known.ours());
        } else {
          soft.assertThat(ours.get(i)).as(request).isEqualTo(normalized(theirs.get(i)));
        }
      }
      for (Difference d : DIFFERENCES) {
        soft.assertThat(requests)
            .as("a request for %s is asked", d.requests())
            .anyMatch(r -> d.requests().matcher(r).matches());
      }
      // Senders read past a blank line (docs/resolver.md): the incumbent and we both enforce.
      soft.assertThat(ours.get(requests.indexOf("postfix blank-line.test")))
          .isEqualTo("OK secure match=mx1.blank-line.test servername=hostname");
      soft.assertThat(ours).as("the lab covers both answers").contains("NOTFOUND ");
      soft.assertThat(ours).anyMatch(reply -> reply.startsWith("OK secure match="));
      soft.assertAll();
    } finally {
      for (Process p : processes.reversed()) {
        p.destroy();
        p.waitFor();
      }
    }
  }

  /**
   * Every lab domain in each key form Postfix's smtp_tls_policy_maps lookups use (bare, [literal],
   * with port, .parent, upper case, trailing dot) through the default socketmap name, every bare
   * domain through the strict_testing zone and an unknown socketmap name (the default zone), a few
   * through the tlsrpt zone, plus names that are not policy domains.
   */
  private static List<String> requests(List<String> domains) {
    List<String> requests = new ArrayList<>();
    for (String d : domains) {
      for (String key :
          List.of(
              d, "[" + d + "]", "[" + d + "]:25", d + ":25", "." + d, d.toUpperCase(), d + ".")) {
        requests.add("postfix " + key);
      }
      requests.add("strict " + d);
      requests.add("unknownzone " + d);
    }
    // tlsrpt changes only enforcing replies: two of those, a testing and a no-policy domain.
    for (String d : List.of("good.test", "wildcard.test", "testing.test", "no-sts.test")) {
      requests.add("reports " + d);
    }
    for (String key :
        List.of(
            "unknown.test",
            "mx1.good.test",
            "[127.0.0.1]",
            "[127.0.0.1]:25",
            "127.0.0.1",
            "[ipv6:::1]",
            "[::1]:25")) {
      requests.add("postfix " + key);
    }
    return requests;
  }

  private static final Pattern MATCH = Pattern.compile("^OK secure match=(\\S+)");

  /**
   * The incumbent's reply with its {@code match=} list in our order: it builds the list from a
   * Python set, so its order is random (documented difference); we keep policy order, which for the
   * lab is sorted.
   */
  private static String normalized(String reply) {
    Matcher m = MATCH.matcher(reply);
    if (!m.find()) {
      return reply;
    }
    String[] patterns = m.group(1).split(":");
    Arrays.sort(patterns);
    return "OK secure match=" + String.join(":", patterns) + reply.substring(m.end());
  }

  /**
   * Sends each request as a netstring to 127.0.0.1:{@code port} inside the namespace and reads the
   * replies, one request at a time on one connection. The socket is bash's /dev/tcp, opened by a
   * shell started in the namespace; this JVM talks to it over pipes.
   */
  private static List<String> ask(NetNamespace ns, int port, List<String> requests)
      throws IOException, InterruptedException {
    Process relay =
        new ProcessBuilder(
                ns.command(
                    "bash",
                    "-c",
                    "exec 3<>/dev/tcp/127.0.0.1/" + port + " && { cat <&3 & cat >&3; wait; }"))
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    List<String> replies = new ArrayList<>();
    try (OutputStream out = relay.getOutputStream();
        InputStream in = relay.getInputStream()) {
      for (String request : requests) {
        out.write(netstring(request));
        out.flush();
        replies.add(readNetstring(in));
      }
    } finally {
      relay.descendants().forEach(ProcessHandle::destroy);
      relay.destroy();
      relay.waitFor();
    }
    return replies;
  }

  private static byte[] netstring(String text) {
    byte[] data = text.getBytes(StandardCharsets.UTF_8);
    byte[] head = (data.length + ":").getBytes(StandardCharsets.US_ASCII);
    byte[] out = Arrays.copyOf(head, head.length + data.length + 1);
    System.arraycopy(data, 0, out, head.length, data.length);
    out[out.length - 1] = ',';
    return out;
  }

  /** One netstring (length up to Postfix's 100 000-byte reply limit). */
  private static String readNetstring(InputStream in) throws IOException {
    int length = 0;
    for (int c = in.read(); c != ':'; c = in.read()) {
      if (c < '0' || c > '9' || length > 100_000) {
        throw new IOException("not a netstring length: " + c);
      }
      length = length * 10 + (c - '0');
    }
    byte[] data = in.readNBytes(length);
    if (data.length != length || in.read() != ',') {
      throw new IOException("truncated netstring");
    }
    return new String(data, StandardCharsets.UTF_8);
  }

  private static Process start(List<Process> processes, ProcessBuilder builder) throws IOException {
    Process p = builder.start();
    processes.add(p);
    return p;
  }
}
