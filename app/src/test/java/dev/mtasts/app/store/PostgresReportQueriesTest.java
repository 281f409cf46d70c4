package dev.mtasts.app.store;

import dev.mtasts.app.testing.TestPostgres;

class PostgresReportQueriesTest extends ReportQueriesContract {

  @Override
  protected StoreLocation freshLocation() {
    return StoreLocation.ofUrl(TestPostgres.freshSchemaUrl());
  }
}
