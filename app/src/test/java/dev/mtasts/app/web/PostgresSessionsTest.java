package dev.mtasts.app.web;

import dev.mtasts.app.store.StoreLocation;
import dev.mtasts.app.testing.TestPostgres;

class PostgresSessionsTest extends SessionsContract {

  @Override
  protected StoreLocation freshLocation() {
    return StoreLocation.ofUrl(TestPostgres.freshSchemaUrl());
  }
}
