package dev.mtasts.app.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A private instance of the real Postfix from Debian: its own configuration, queue and log under
 * one directory, started inside a {@link NetNamespace} so its DNS questions go to the lab, or on
 * this host ({@link #startHere}) so that the test reaches its listeners. Postfix requires (as root)
 * that a non-default configuration directory be listed in the default main.cf's {@code
 * alternate_config_directories}; {@link #start} adds it there.
 */
public final class PostfixInstance implements AutoCloseable {
  private final Optional<NetNamespace> ns;
  private final Path dir;
  private final Path conf;

  private PostfixInstance(Optional<NetNamespace> ns, Path dir) {
    this.ns = ns;
    this.dir = dir;
    this.conf = dir.resolve("etc");
  }

  public static boolean available() {
    return Files.isExecutable(Path.of("/usr/sbin/postfix"))
        && Files.isExecutable(Path.of("/usr/sbin/postconf"));
  }

  /**
   * Starts Postfix in {@code ns} with {@code extraMainCf} lines appended to a minimal main.cf: no
   * local delivery, TLS opportunistic by default, verbose TLS logging, log to a file.
   */
  public static PostfixInstance start(NetNamespace ns, Path dir, List<String> extraMainCf)
      throws IOException, InterruptedException {
    return start(ns, dir, extraMainCf, List.of());
  }

  /** As {@link #start(NetNamespace, Path, List)} with {@code extraMasterCf} lines (transports). */
  public static PostfixInstance start(
      NetNamespace ns, Path dir, List<String> extraMainCf, List<String> extraMasterCf)
      throws IOException, InterruptedException {
    return start(Optional.of(ns), dir, extraMainCf, extraMasterCf);
  }

  /**
   * As {@link #start(NetNamespace, Path, List, List)} in this host's network namespace, so that the
   * test connects to the {@code 127.0.0.1:PORT inet} services of {@code extraMasterCf}; Postfix
   * listens on 127.0.0.1 only ({@code inet_interfaces}) and looks nothing up in DNS when its mail
   * goes to a {@code relayhost} in brackets.
   */
  public static PostfixInstance startHere(
      Path dir, List<String> extraMainCf, List<String> extraMasterCf)
      throws IOException, InterruptedException {
    return start(Optional.empty(), dir, extraMainCf, extraMasterCf);
  }

  private static PostfixInstance start(
      Optional<NetNamespace> ns, Path dir, List<String> extraMainCf, List<String> extraMasterCf)
      throws IOException, InterruptedException {
    PostfixInstance pf = new PostfixInstance(ns, dir.toAbsolutePath());
    pf.writeConfig(extraMainCf, extraMasterCf);
    allowConfigDirectory(pf.conf);
    pf.exec("/usr/sbin/postfix", "-c", pf.conf.toString(), "start");
    return pf;
  }

  /**
   * Adds {@code conf} to the default main.cf's {@code alternate_config_directories}, keeping the
   * entries of instances that still exist (tests in other JVMs may be starting theirs).
   */
  private static synchronized void allowConfigDirectory(Path conf)
      throws IOException, InterruptedException {
    String current =
        NetNamespace.run(List.of("/usr/sbin/postconf", "-h", "alternate_config_directories"));
    List<String> dirs = new ArrayList<>();
    for (String d : current.strip().split("[\\s,]+")) {
      if (!d.isEmpty() && Files.isDirectory(Path.of(d))) {
        dirs.add(d);
      }
    }
    dirs.add(conf.toString());
    NetNamespace.run(
        List.of(
            "/usr/sbin/postconf",
            "-e",
            "alternate_config_directories = " + String.join(" ", dirs)));
  }

  private String exec(String... argv) throws IOException, InterruptedException {
    return ns.isPresent() ? ns.get().exec(argv) : NetNamespace.run(List.of(argv));
  }

  private void writeConfig(List<String> extraMainCf, List<String> extraMasterCf)
      throws IOException, InterruptedException {
    Path spool = dir.resolve("spool");
    Path data = dir.resolve("data");
    Files.createDirectories(conf);
    // Postfix daemons run as the postfix user: they must be able to reach the queue.
    Files.setPosixFilePermissions(
        dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.createDirectories(spool);
    Files.createDirectories(data);
    NetNamespace.run(List.of("chown", "postfix", data.toString()));
    for (String f : List.of("dynamicmaps.cf")) {
      Files.copy(Path.of("/etc/postfix", f), conf.resolve(f));
    }
    Path dynamicMaps = Path.of("/etc/postfix/dynamicmaps.cf.d");
    if (Files.isDirectory(dynamicMaps)) {
      Files.createDirectories(conf.resolve("dynamicmaps.cf.d"));
      try (var files = Files.list(dynamicMaps)) {
        for (Path f : files.toList()) {
          Files.copy(f, conf.resolve("dynamicmaps.cf.d").resolve(f.getFileName()));
        }
      }
    }
    List<String> main =
        new ArrayList<>(
            List.of(
                "compatibility_level = 3.6",
                "queue_directory = " + spool,
                "data_directory = " + data,
                "mail_owner = postfix",
                "setgid_group = postdrop",
                "myhostname = sender.mtasts.test",
                "mydomain = mtasts.test",
                "myorigin = $myhostname",
                "mydestination =",
                "inet_interfaces = 127.0.0.1",
                "inet_protocols = ipv4",
                "maillog_file = " + dir.resolve("maillog"),
                "maillog_file_prefixes = " + dir,
                "alias_maps =",
                "alias_database =",
                "relayhost =",
                "smtp_tls_security_level = may",
                "smtp_tls_loglevel = 1",
                "smtp_connect_timeout = 5s",
                "smtp_helo_timeout = 10s",
                "maximal_backoff_time = 10s",
                "minimal_backoff_time = 5s",
                "queue_run_delay = 5s"));
    main.addAll(extraMainCf);
    Files.write(conf.resolve("main.cf"), main);
    Files.writeString(
        conf.resolve("master.cf"),
        MASTER_CF + String.join("\n", extraMasterCf) + (extraMasterCf.isEmpty() ? "" : "\n"));
  }

  /** Hands a message to Postfix through its sendmail (maildrop queue; no network needed). */
  public void send(String from, String to, String subject, String body)
      throws IOException, InterruptedException {
    Path msg = Files.createTempFile(dir, "msg", ".eml");
    Files.writeString(
        msg,
        "From: <" + from + ">\nTo: <" + to + ">\nSubject: " + subject + "\n\n" + body + "\n",
        StandardCharsets.US_ASCII);
    exec(
        "sh", "-c", "/usr/sbin/sendmail -C '" + conf + "' -f '" + from + "' '" + to + "' < " + msg);
  }

  /** Hands a whole message (headers and body as they are) to Postfix through its sendmail. */
  public void sendMessage(String from, String to, Path message)
      throws IOException, InterruptedException {
    exec(
        "sh",
        "-c",
        "/usr/sbin/sendmail -C '" + conf + "' -f '" + from + "' '" + to + "' < '" + message + "'");
  }

  /** The Postfix log so far. */
  public String log() throws IOException {
    Path log = dir.resolve("maillog");
    return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
  }

  /**
   * Waits until the log has a delivery status for {@code recipient} and returns that log line (e.g.
   * containing {@code status=sent} or {@code status=deferred}), or empty on timeout.
   */
  public Optional<String> awaitStatus(String recipient, Duration timeout)
      throws IOException, InterruptedException {
    Pattern line = Pattern.compile("(?m)^.*to=<" + Pattern.quote(recipient) + ">.*status=.*$");
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      var m = line.matcher(log());
      if (m.find()) {
        return Optional.of(m.group());
      }
      Thread.sleep(200);
    }
    return Optional.empty();
  }

  @Override
  public void close() throws IOException, InterruptedException {
    try {
      exec("/usr/sbin/postfix", "-c", conf.toString(), "stop");
    } catch (IOException e) {
      // already stopped: nothing to do
    }
  }

  private static final String MASTER_CF =
      """
      pickup    unix  n       -       n       60      1       pickup
      cleanup   unix  n       -       n       -       0       cleanup
      qmgr      unix  n       -       n       300     1       qmgr
      tlsmgr    unix  -       -       n       1000?   1       tlsmgr
      rewrite   unix  -       -       n       -       -       trivial-rewrite
      bounce    unix  -       -       n       -       0       bounce
      defer     unix  -       -       n       -       0       bounce
      trace     unix  -       -       n       -       0       bounce
      verify    unix  -       -       n       -       1       verify
      flush     unix  n       -       n       1000?   0       flush
      proxymap  unix  -       -       n       -       -       proxymap
      smtp      unix  -       -       n       -       -       smtp
      relay     unix  -       -       n       -       -       smtp
      showq     unix  n       -       n       -       -       showq
      error     unix  -       -       n       -       -       error
      retry     unix  -       -       n       -       -       error
      discard   unix  -       -       n       -       -       discard
      anvil     unix  -       -       n       -       1       anvil
      scache    unix  -       -       n       -       1       scache
      postlog   unix-dgram n  -       n       -       1       postlogd
      """;
}
