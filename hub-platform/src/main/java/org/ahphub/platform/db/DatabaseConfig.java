package org.ahphub.platform.db;

import org.ahphub.platform.config.Env;

/**
 * Where PostgreSQL is. Read from the libpq variables every PostgreSQL user knows:
 * {@code PGHOST} (localhost), {@code PGPORT} (5432), {@code PGDATABASE} (ahp_hub),
 * {@code PGUSER} (ahp_hub), {@code PGPASSWORD} (empty), and {@code HUB_DB_POOL_SIZE} (8).
 */
public record DatabaseConfig(String host, int port, String database, String user, String password, int poolSize) {

  public static DatabaseConfig fromEnv(Env env) {
    return new DatabaseConfig(
        env.string("PGHOST", "localhost"),
        env.integer("PGPORT", 5432),
        env.string("PGDATABASE", "ahp_hub"),
        env.string("PGUSER", "ahp_hub"),
        env.string("PGPASSWORD", ""),
        env.integer("HUB_DB_POOL_SIZE", 8));
  }

  public String jdbcUrl() {
    return "jdbc:postgresql://" + host + ":" + port + "/" + database;
  }

  public DatabaseConfig withPoolSize(int size) {
    return new DatabaseConfig(host, port, database, user, password, size);
  }
}
