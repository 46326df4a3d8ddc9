package org.ahphub.testing;

import org.flywaydb.core.Flyway;

/** Where a test database lives. */
public record PostgresCoordinates(String host, int port, String database, String user, String password) {

  public String jdbcUrl() {
    return "jdbc:postgresql://" + host + ":" + port + "/" + database;
  }

  /**
   * Applies {@code schema}'s migrations ({@code classpath:db/<schema>}) up to {@code target} (a version, or
   * "latest"), for tests that store data as an older version left it and then upgrade.
   */
  public void migrate(String schema, String target) {
    Flyway.configure().dataSource(jdbcUrl(), user, password).schemas(schema).defaultSchema(schema)
        .createSchemas(true).locations("classpath:db/" + schema).target(target).load().migrate();
  }
}
