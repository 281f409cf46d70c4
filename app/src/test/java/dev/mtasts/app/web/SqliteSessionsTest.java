package dev.mtasts.app.web;

import dev.mtasts.app.store.StoreLocation;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class SqliteSessionsTest extends SessionsContract {

  @TempDir Path dir;

  @Override
  protected StoreLocation freshLocation() {
    return StoreLocation.inDataDirectory(dir.resolve("data"));
  }
}
