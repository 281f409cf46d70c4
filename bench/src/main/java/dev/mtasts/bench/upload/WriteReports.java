package dev.mtasts.bench.upload;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/** Writes N distinct gzip reports (as {@link UploadLoad} sends them) into a directory. */
public final class WriteReports {

  private WriteReports() {}

  public static void main(String[] args) throws IOException {
    Path dir = Path.of(args[0]);
    int n = Integer.parseInt(args[1]);
    Files.createDirectories(dir);
    Random random = new Random(42);
    for (int i = 0; i < n; i++) {
      Files.write(
          dir.resolve("report-" + i + ".json.gz"), UploadLoad.report("import-" + i, random));
    }
  }
}
