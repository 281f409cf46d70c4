package dev.mtasts.bench.report;

import dev.mtasts.core.ParseResult;
import dev.mtasts.core.tlsrpt.ReadReport;
import dev.mtasts.core.tlsrpt.ReportReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@link ReportReader#read(byte[])} against the floor of bare Jackson 3 on the same bytes: {@code
 * readTree} (what a reader that maps a tree costs at least) and one streaming pass over every
 * token, materialising each string and number (what any reader must do at least). The {@code gzip*}
 * rows add inflating the RFC 8460 §5.2 compressed form to both sides.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ReportReadBench {

  @Param({"TYPICAL", "LARGE"})
  public ReportSize size;

  private final ReportReader reader = new ReportReader();
  private final JsonMapper jackson = JsonMapper.builder().build();
  private byte[] json;
  private byte[] gzip;

  @Setup
  public void setUp() {
    json = ReportSamples.json(size);
    gzip = ReportSamples.gzip(json);
    if (!reader.read(json).isOk() || !reader.read(gzip).isOk()) {
      throw new IllegalStateException("the sample report does not read: " + reader.read(json));
    }
  }

  @Benchmark
  public ParseResult<ReadReport> reader() {
    return reader.read(json);
  }

  @Benchmark
  public JsonNode jacksonTree() {
    return jackson.readTree(json);
  }

  @Benchmark
  public void jacksonStream(Blackhole sink) {
    try (JsonParser parser = jackson.createParser(json)) {
      tokens(parser, sink);
    }
  }

  @Benchmark
  public ParseResult<ReadReport> gzipReader() {
    return reader.read(gzip);
  }

  @Benchmark
  public JsonNode gzipJacksonTree() throws IOException {
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gzip), 8192)) {
      return jackson.readTree(in);
    }
  }

  @Benchmark
  public void gzipJacksonStream(Blackhole sink) throws IOException {
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gzip), 8192);
        JsonParser parser = jackson.createParser(in)) {
      tokens(parser, sink);
    }
  }

  private static void tokens(JsonParser parser, Blackhole sink) {
    for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
      switch (token) {
        case PROPERTY_NAME -> sink.consume(parser.currentName());
        case VALUE_STRING -> sink.consume(parser.getString());
        case VALUE_NUMBER_INT -> sink.consume(parser.getLongValue());
        default -> sink.consume(token);
      }
    }
  }
}
