package dev.mtasts.app.sending;

import dev.mtasts.app.store.StoreLocation;
import dev.mtasts.app.testing.TestPostgres;
import java.nio.file.Path;

/**
 * The engines the sending database runs on, for tests that run on each
 * ({@code @ParameterizedClass @EnumSource(SendingStore.class)}): SQLite in a directory, and the
 * real PostgreSQL of scripts/services.sh in a fresh schema (skipped when absent, see {@link
 * TestPostgres}).
 */
public enum SendingStore {
  SQLITE,
  POSTGRESQL;

  /** A fresh, empty location: {@code dir/sending.db}, or a new schema. */
  public StoreLocation fresh(Path dir) {
    return switch (this) {
      case SQLITE -> new StoreLocation.Sqlite(dir.resolve("sending.db"));
      case POSTGRESQL -> StoreLocation.ofUrl(TestPostgres.freshSchemaUrl());
    };
  }
}
