package dev.mtasts.bench.upload;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPOutputStream;
import org.HdrHistogram.Recorder;

/**
 * Load generator for {@code serve}'s RFC 8460 §5.4 upload: CONNECTIONS threads, each with its own
 * HTTP/1.1 connection, POST distinct gzip reports (about 2 KB each) back to back for DURATION
 * seconds; counts acknowledged uploads (201, and 200 for duplicates) and their latency.
 *
 * <pre>java -cp benchmarks.jar dev.mtasts.bench.upload.UploadLoad URL CONNECTIONS SECONDS [RUN]
 * </pre>
 *
 * Prints one JSON line. RUN makes report ids distinct across runs against one store.
 */
public final class UploadLoad {

  private UploadLoad() {}

  public static void main(String[] args) throws Exception {
    URI url = URI.create(args[0]);
    int connections = Integer.parseInt(args[1]);
    Duration duration = Duration.ofSeconds(Long.parseLong(args[2]));
    String run = args.length > 3 ? args[3] : Long.toString(System.currentTimeMillis());
    AtomicLong acked = new AtomicLong();
    AtomicLong failed = new AtomicLong();
    AtomicLong bytes = new AtomicLong();
    Recorder latency = new Recorder(3);
    long end = System.nanoTime() + duration.toNanos();
    List<Thread> threads = new ArrayList<>();
    for (int c = 0; c < connections; c++) {
      int id = c;
      threads.add(
          Thread.ofPlatform()
              .start(
                  () -> {
                    HttpClient client =
                        HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                    Random random = new Random(id);
                    for (long n = 0; System.nanoTime() < end; n++) {
                      byte[] body = report(run + "-" + id + "-" + n, random);
                      bytes.addAndGet(body.length);
                      long t0 = System.nanoTime();
                      try {
                        int status =
                            client
                                .send(
                                    HttpRequest.newBuilder(url)
                                        .header("Content-Type", "application/tlsrpt+gzip")
                                        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                                        .build(),
                                    HttpResponse.BodyHandlers.discarding())
                                .statusCode();
                        if (status == 201 || status == 200) {
                          acked.incrementAndGet();
                          latency.recordValue((System.nanoTime() - t0) / 1000);
                        } else {
                          failed.incrementAndGet();
                        }
                      } catch (IOException e) {
                        failed.incrementAndGet();
                      } catch (InterruptedException e) {
                        return;
                      }
                    }
                  }));
    }
    for (Thread t : threads) {
      t.join();
    }
    var h = latency.getIntervalHistogram();
    long n = acked.get();
    System.out.printf(
        "{\"connections\":%d,\"seconds\":%d,\"acknowledged\":%d,\"failed\":%d,"
            + "\"per_second\":%.0f,\"mean_body_bytes\":%d,\"p50_ms\":%.2f,\"p99_ms\":%.2f,"
            + "\"max_ms\":%.2f}%n",
        connections,
        duration.toSeconds(),
        n,
        failed.get(),
        n / (double) duration.toSeconds(),
        n + failed.get() == 0 ? 0 : bytes.get() / (n + failed.get()),
        h.getValueAtPercentile(50) / 1000.0,
        h.getValueAtPercentile(99) / 1000.0,
        h.getMaxValue() / 1000.0);
    TimeUnit.MILLISECONDS.sleep(10);
  }

  /** A realistic report: one sts policy, 45 failure details from varied sending addresses. */
  static byte[] report(String reportId, Random random) {
    StringBuilder details = new StringBuilder();
    String[] types = {"certificate-expired", "starttls-not-supported", "validation-failure"};
    for (int i = 0; i < 45; i++) {
      if (i > 0) {
        details.append(',');
      }
      details
          .append("{\"result-type\":\"")
          .append(types[random.nextInt(types.length)])
          .append("\",\"sending-mta-ip\":\"")
          .append(random.nextInt(223) + 1)
          .append('.')
          .append(random.nextInt(256))
          .append('.')
          .append(random.nextInt(256))
          .append('.')
          .append(random.nextInt(256))
          .append("\",\"receiving-mx-hostname\":\"mx")
          .append(random.nextInt(3))
          .append(".bench.example\",\"receiving-ip\":\"192.0.2.")
          .append(random.nextInt(256))
          .append("\",\"failed-session-count\":")
          .append(random.nextInt(50) + 1)
          .append(",\"additional-information\":\"https://bench.example/")
          .append(Long.toHexString(random.nextLong()))
          .append("\"}");
    }
    String json =
        "{\"organization-name\":\"Bench Sender\",\"date-range\":{\"start-datetime\":"
            + "\"2026-09-01T00:00:00Z\",\"end-datetime\":\"2026-09-01T23:59:59Z\"},"
            + "\"contact-info\":\"tlsrpt@bench.example\",\"report-id\":\""
            + reportId
            + "\",\"policies\":[{\"policy\":{\"policy-type\":\"sts\",\"policy-string\":"
            + "[\"version: STSv1\",\"mode: testing\",\"mx: *.bench.example\",\"max_age: 86400\"],"
            + "\"policy-domain\":\"bench.example\",\"mx-host\":[\"*.bench.example\"]},"
            + "\"summary\":{\"total-successful-session-count\":"
            + random.nextInt(100_000)
            + ",\"total-failure-session-count\":3000},\"failure-details\":["
            + details
            + "]}]}";
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(json.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
