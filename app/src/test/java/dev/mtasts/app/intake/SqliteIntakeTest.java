package dev.mtasts.app.intake;

import dev.mtasts.app.store.StoreLocation;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class SqliteIntakeTest extends IntakeContract {

  @TempDir Path dir;

  @Override
  protected StoreLocation freshLocation() {
    return StoreLocation.inDataDirectory(dir.resolve("data"));
  }
}
