package dev.mtasts.app.store;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class SqliteReportQueriesTest extends ReportQueriesContract {

  @TempDir Path dir;

  @Override
  protected StoreLocation freshLocation() {
    return StoreLocation.inDataDirectory(dir.resolve("data"));
  }
}
