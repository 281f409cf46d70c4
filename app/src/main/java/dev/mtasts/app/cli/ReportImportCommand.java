package dev.mtasts.app.cli;

import dev.mtasts.app.intake.IntakeMetrics;
import dev.mtasts.app.intake.IntakePipeline;
import dev.mtasts.app.intake.Outcome;
import dev.mtasts.app.intake.Receipt;
import dev.mtasts.app.intake.Source;
import dev.mtasts.app.serve.ConfigOptions;
import dev.mtasts.app.serve.ServeConfig;
import dev.mtasts.app.store.ReportStore;
import dev.mtasts.app.store.StoreUnavailableException;
import dev.mtasts.core.tlsrpt.ReportReader;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.json.JsonFactory;

/**
 * {@code report import [--data DIR | --database URL | --config FILE] INPUT...}: stores reports
 * through the same intake as the HTTPS upload (docs/cli.md).
 */
@Command(
    name = "import",
    mixinStandardHelpOptions = true,
    description = {
      "Store TLS reports as serve's HTTPS intake does: JSON, gzip, zip or report emails.",
      "INPUT: a file, a directory (every file in it, recursively), or - (an MTA's pipe).",
      "Exit 0: every input stored or already stored.",
      "Exit 1: an input is not a valid report (the others are still stored).",
      "Exit 2: usage error or unreadable input.",
      "Exit 75 (EX_TEMPFAIL): the store is unavailable, try again later."
    })
final class ReportImportCommand implements Callable<Integer> {

  private static final JsonFactory JSON = JsonFactory.builder().build();

  /** Reports read and stored at once. */
  private static final int IN_FLIGHT = 32;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Mixin ConfigOptions options;

  @Parameters(arity = "1..*", paramLabel = "INPUT")
  List<String> inputs;

  @Option(names = "--json", description = "one JSON object per report (JSON Lines)")
  boolean json;

  /** One report to import: the file name (or - for standard input) as printed and opened. */
  private record Item(String label) {}

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Optional<ServeConfig> config = options.load("report import", err);
    if (config.isEmpty()) {
      return ExitCodes.TOOL_ERROR;
    }
    List<Item> items = new ArrayList<>();
    int exit = ExitCodes.OK;
    for (String input : inputs) {
      try {
        items.addAll(expand(input));
      } catch (IOException e) {
        err.println(input + ": cannot read: " + CliInput.reason(input, e));
        exit = ExitCodes.TOOL_ERROR;
      }
    }
    ReportReader reader = new ReportReader();
    long maxBytes = ReportReader.Limits.DEFAULT.maxInputBytes();
    try (ReportStore store = ReportStore.open(config.get().storeLocation())) {
      IntakePipeline pipeline =
          new IntakePipeline(
              reader,
              config.get().attribution(),
              store,
              new IntakeMetrics(new SimpleMeterRegistry()),
              config.get().dkimPolicy());
      // Several reports in flight let the store's group commit put them in one transaction;
      // results are printed in input order.
      List<Future<Optional<Outcome>>> results = new ArrayList<>();
      Semaphore window = new Semaphore(IN_FLIGHT);
      try (ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor()) {
        for (Item item : items) {
          window.acquireUninterruptibly();
          results.add(
              workers.submit(
                  () -> {
                    try {
                      return importOne(pipeline, item, maxBytes, err);
                    } finally {
                      window.release();
                    }
                  }));
        }
        for (int i = 0; i < items.size(); i++) {
          Optional<Outcome> outcome = join(results.get(i));
          if (outcome.isEmpty()) {
            exit = worse(exit, ExitCodes.TOOL_ERROR);
            continue;
          }
          print(out, items.get(i).label(), outcome.get());
          exit = worse(exit, exitFor(outcome.get()));
        }
      }
    } catch (StoreUnavailableException e) {
      err.println("mtasts report import: the store is unavailable: " + e.getMessage());
      return ExitCodes.TEMPORARY_FAILURE;
    }
    out.flush();
    return exit;
  }

  /** The outcome, or empty when the input could not be read (reported on {@code err}). */
  private static Optional<Outcome> importOne(
      IntakePipeline pipeline, Item item, long maxBytes, PrintWriter err) {
    byte[] bytes;
    try (InputStream in = CliInput.open(item.label())) {
      bytes = in.readNBytes((int) maxBytes + 1);
    } catch (IOException e) {
      synchronized (err) {
        err.println(item.label() + ": cannot read: " + CliInput.reason(item.label(), e));
      }
      return Optional.empty();
    }
    return Optional.of(pipeline.accept(Receipt.of(bytes, Source.of(Source.IMPORT, item.label()))));
  }

  private static Optional<Outcome> join(Future<Optional<Outcome>> f) {
    try {
      return f.get();
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.of(new Outcome.TemporaryFailure("interrupted"));
    }
  }

  private static List<Item> expand(String input) throws IOException {
    if (input.equals("-")) {
      return List.of(new Item("-"));
    }
    Path path = Path.of(input);
    if (!Files.isDirectory(path)) {
      if (!Files.isReadable(path)) {
        throw new java.nio.file.NoSuchFileException(input);
      }
      return List.of(new Item(input));
    }
    try (Stream<Path> files = Files.walk(path)) {
      return files.filter(Files::isRegularFile).sorted().map(p -> new Item(p.toString())).toList();
    }
  }

  private static int exitFor(Outcome outcome) {
    return switch (outcome) {
      case Outcome.Stored s -> ExitCodes.OK;
      case Outcome.Duplicate d -> ExitCodes.OK;
      case Outcome.Rejected r -> ExitCodes.PROBLEMS;
      case Outcome.TemporaryFailure t -> ExitCodes.TEMPORARY_FAILURE;
    };
  }

  /** 75 (retry) over 2 (tool error) over 1 (a bad report) over 0. */
  private static int worse(int a, int b) {
    List<Integer> order =
        List.of(
            ExitCodes.OK, ExitCodes.PROBLEMS, ExitCodes.TOOL_ERROR, ExitCodes.TEMPORARY_FAILURE);
    return order.indexOf(a) >= order.indexOf(b) ? a : b;
  }

  private void print(PrintWriter out, String label, Outcome outcome) {
    if (!json) {
      out.println(
          label
              + ": "
              + switch (outcome) {
                case Outcome.Stored s -> "stored for " + String.join(", ", s.domains());
                case Outcome.Duplicate d -> "duplicate, already stored";
                case Outcome.Rejected r -> "rejected: " + r.reason();
                case Outcome.TemporaryFailure t -> "not stored, try again later: " + t.reason();
              });
      return;
    }
    // {"input":"PATH","outcome":"stored","domains":[...]} or
    // {"input":"PATH","outcome":"rejected","error":{"code":"...","message":"..."}}
    StringWriter text = new StringWriter();
    try (JsonGenerator line = JSON.createGenerator(ObjectWriteContext.empty(), text)) {
      line.writeStartObject();
      line.writeStringProperty("input", label);
      line.writeStringProperty("outcome", outcome.label());
      switch (outcome) {
        case Outcome.Stored s -> {
          line.writeArrayPropertyStart("domains");
          s.domains().forEach(line::writeString);
          line.writeEndArray();
        }
        case Outcome.Duplicate d -> {}
        case Outcome.Rejected r -> {
          line.writeObjectPropertyStart("error");
          line.writeStringProperty("code", r.code());
          line.writeStringProperty("message", r.reason());
          line.writeEndObject();
        }
        case Outcome.TemporaryFailure t -> {
          line.writeObjectPropertyStart("error");
          line.writeStringProperty("code", "STORE_UNAVAILABLE");
          line.writeStringProperty("message", t.reason());
          line.writeEndObject();
        }
      }
      line.writeEndObject();
    }
    out.println(text);
  }
}
