package dev.mtasts.app.demo;

import dev.mtasts.app.intake.IntakeMetrics;
import dev.mtasts.app.intake.IntakePipeline;
import dev.mtasts.app.intake.Outcome;
import dev.mtasts.app.intake.Receipt;
import dev.mtasts.app.intake.Source;
import dev.mtasts.app.lab.BulkDomains;
import dev.mtasts.app.lab.Lab;
import dev.mtasts.app.lab.LabOptions;
import dev.mtasts.app.lab.Scenario;
import dev.mtasts.app.resolver.SystemdNotifier;
import dev.mtasts.app.serve.AdminToken;
import dev.mtasts.app.serve.ServeConfig;
import dev.mtasts.app.serve.ServeService;
import dev.mtasts.app.store.ReportStore;
import dev.mtasts.core.tlsrpt.Report;
import dev.mtasts.core.tlsrpt.ReportReader;
import dev.mtasts.core.tlsrpt.ReportWriter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The running demo: the lab, a month of reports about its domains stored through the same intake
 * pipeline uploads use, and {@code serve} on that store.
 */
public final class Demo implements AutoCloseable {

  /**
   * What to start.
   *
   * @param port the dashboard's port on 127.0.0.1 (0: a free one)
   * @param data where the store lives; empty for a temporary directory removed on close
   * @param days how many UTC days of reports before today
   * @param seed what makes the numbers (the same seed gives the same reports)
   * @param today the last day is the one before this
   */
  public record Options(int port, Optional<Path> data, int days, long seed, LocalDate today) {

    public static final int MAX_DAYS = 366;

    public Options {
      if (port < 0 || port > 65_535) {
        throw new IllegalArgumentException("the port is 0 to 65535");
      }
      if (days < 1 || days > MAX_DAYS) {
        throw new IllegalArgumentException("days is 1 to " + MAX_DAYS);
      }
    }
  }

  private final Path dir;
  private final boolean temporary;
  private final Lab lab;
  private final ServeService serve;
  private final AdminToken token;
  private final int stored;

  private Demo(
      Path dir, boolean temporary, Lab lab, ServeService serve, AdminToken token, int stored) {
    this.dir = dir;
    this.temporary = temporary;
    this.lab = lab;
    this.serve = serve;
    this.token = token;
    this.stored = stored;
  }

  /** Starts the lab, stores the reports, starts {@code serve}. */
  public static Demo start(Options options) throws Exception {
    boolean temporary = options.data().isEmpty();
    Path dir =
        options.data().isPresent()
            ? Files.createDirectories(options.data().get())
            : Files.createTempDirectory("mtasts-demo-");
    Lab lab = null;
    try {
      lab = Lab.start(LabOptions.ephemeral(dir.resolve("lab")));
      List<Scenario> scenarios =
          lab.scenarios().stream().filter(s -> !BulkDomains.isGenerated(s.domain())).toList();
      ServeConfig config = serveConfig(dir.resolve("data"), options.port(), scenarios);
      Lab world = lab;
      List<Report> reports =
          new DemoReports(
                  scenarios,
                  host -> world.address(host).map(InetAddress::getHostAddress),
                  options.seed())
              .forDaysBefore(options.today(), options.days());
      int stored = feed(config, reports);
      AdminToken token = AdminToken.inDataDirectory(config.data());
      ServeService serve =
          ServeService.start(config, token.value(), SystemdNotifier.fromEnvironment());
      return new Demo(dir, temporary, lab, serve, token, stored);
    } catch (Exception e) {
      if (lab != null) {
        lab.close();
      }
      if (temporary) {
        deleteTree(dir);
      }
      throw e;
    }
  }

  private static ServeConfig serveConfig(Path data, int port, List<Scenario> scenarios) {
    ServeConfig defaults = ServeConfig.defaults(data);
    return new ServeConfig(
        data,
        Optional.empty(),
        Optional.empty(),
        new ServeConfig.Http(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), port),
            defaults.http().limits()),
        Optional.empty(),
        Optional.empty(),
        new ServeConfig.Reports(
            scenarios.stream().map(Scenario::domain).toList(),
            "off",
            Duration.ZERO,
            Optional.empty(),
            Optional.empty()),
        false,
        true,
        false,
        Optional.empty(),
        defaults.readiness(),
        Optional.empty(),
        ServeConfig.Outbound.DEFAULT);
  }

  /** Stores every report as an upload would be; returns how many were new. */
  private static int feed(ServeConfig config, List<Report> reports) throws Exception {
    try (ReportStore store = ReportStore.open(config.storeLocation());
        ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor()) {
      IntakePipeline pipeline =
          new IntakePipeline(
              new ReportReader(),
              config.attribution(),
              store,
              new IntakeMetrics(new SimpleMeterRegistry()),
              config.dkimPolicy());
      List<Future<Outcome>> outcomes = new ArrayList<>();
      for (Report report : reports) {
        byte[] gzip = ReportWriter.toGzip(report);
        Source source = Source.of(Source.IMPORT, "mtasts demo");
        // in flight together, so the store's group commit writes them in few transactions
        outcomes.add(workers.submit(() -> pipeline.accept(Receipt.of(gzip, source))));
      }
      int stored = 0;
      for (Future<Outcome> outcome : outcomes) {
        switch (outcome.get()) {
          case Outcome.Stored s -> stored++;
          case Outcome.Duplicate d -> {}
          case Outcome.Rejected r ->
              throw new IllegalStateException("a demo report was rejected: " + r.reason());
          case Outcome.TemporaryFailure t ->
              throw new IllegalStateException("the store refused a demo report: " + t.reason());
        }
      }
      return stored;
    }
  }

  /** The dashboard's address. */
  public String url() {
    InetSocketAddress a = serve.httpAddress();
    return "http://" + a.getAddress().getHostAddress() + ":" + a.getPort() + "/";
  }

  public AdminToken token() {
    return token;
  }

  /** How many reports this start stored (0 when they were all there already). */
  public int storedReports() {
    return stored;
  }

  public Path dataDirectory() {
    return dir.resolve("data");
  }

  public Lab lab() {
    return lab;
  }

  /** Whether closing removes the data (no {@code --data} given). */
  public boolean temporary() {
    return temporary;
  }

  @Override
  public void close() {
    try {
      serve.close();
    } finally {
      lab.close();
      if (temporary) {
        deleteTree(dir);
      }
    }
  }

  private static void deleteTree(Path root) {
    try {
      Files.walkFileTree(
          root,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
                throws IOException {
              Files.delete(file);
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
              Files.delete(d);
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException e) {
      System.err.println("mtasts demo: cannot remove " + root + ": " + e.getMessage());
    }
  }

  static LocalDate todayUtc() {
    return LocalDate.now(ZoneOffset.UTC);
  }
}
