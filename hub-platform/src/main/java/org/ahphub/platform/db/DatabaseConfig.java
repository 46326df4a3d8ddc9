package org.ahphub.platform.db;

import io.vertx.pgclient.SslMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.ahphub.platform.config.Env;

/**
 * Where PostgreSQL is and how to reach it. Read from the libpq variables every PostgreSQL user knows:
 *
 * <ul>
 *   <li>{@code PGHOST} (localhost), {@code PGPORT} (5432), {@code PGDATABASE} (ahp_hub), {@code PGUSER} (ahp_hub)
 *   <li>{@code PGPASSWORD} (empty), or the file named by {@code PGPASSWORD_FILE}
 *   <li>{@code PGSSLMODE} (prefer): {@code disable}, {@code allow}, {@code prefer}, {@code require},
 *       {@code verify-ca} or {@code verify-full}, as in libpq. {@code allow}, {@code prefer} and {@code require}
 *       encrypt without checking the server's certificate, unless {@code PGSSLROOTCERT} is set: then
 *       {@code require} checks the chain as {@code verify-ca} does (as libpq does with a root certificate file)
 *   <li>{@code PGSSLROOTCERT} (unset; required by {@code verify-ca} and {@code verify-full}): the PEM file of the
 *       certificate authorities that may sign the server's certificate, or {@code system} for the JVM's
 *       own trust store (public certificate authorities)
 *   <li>{@code HUB_DB_POOL_SIZE} (8): connections per pool
 *   <li>{@code HUB_RUN_MIGRATIONS} (true): apply the schema migrations at start-up. {@code false}: a separate step
 *       runs them ({@code org.ahphub.hub.MigrateMain}) and the services only check the schema is at their version
 * </ul>
 * The same settings serve the reactive pools ({@link Databases#pool}) and Flyway's JDBC connection
 * ({@link #jdbcUrl()}), so both reach the server the same way.
 */
public record DatabaseConfig(String host, int port, String database, String user, String password, int poolSize,
    SslMode sslMode, String sslRootCert, boolean runMigrations) {

  /** {@code PGSSLROOTCERT=system}: the JVM's trust store. */
  public static final String SYSTEM_ROOT_CERTIFICATES = "system";

  public DatabaseConfig {
    if (sslMode == null) {
      sslMode = SslMode.PREFER;
    }
    if (sslRootCert != null && sslRootCert.isBlank()) {
      sslRootCert = null;
    }
    if ((sslMode == SslMode.VERIFY_CA || sslMode == SslMode.VERIFY_FULL) && sslRootCert == null) {
      throw new IllegalArgumentException("PGSSLMODE=" + modeName(sslMode) + " checks the server's certificate against "
          + "PGSSLROOTCERT, which is not set: give the PEM file of the certificate authority (or 'system' for the "
          + "JVM's trust store)");
    }
    if (sslRootCert != null && !SYSTEM_ROOT_CERTIFICATES.equals(sslRootCert) && !Files.isReadable(Path.of(sslRootCert))) {
      throw new IllegalArgumentException("PGSSLROOTCERT names " + sslRootCert + ", which is not a readable file");
    }
  }

  /** Plain settings without TLS preferences: libpq's default mode ({@code prefer}), migrations at start-up. */
  public DatabaseConfig(String host, int port, String database, String user, String password, int poolSize) {
    this(host, port, database, user, password, poolSize, SslMode.PREFER, null, true);
  }

  public static DatabaseConfig fromEnv(Env env) {
    return new DatabaseConfig(
        env.string("PGHOST", "localhost"),
        env.integer("PGPORT", 5432),
        env.string("PGDATABASE", "ahp_hub"),
        env.string("PGUSER", "ahp_hub"),
        env.secret("PGPASSWORD", ""),
        env.integer("HUB_DB_POOL_SIZE", 8),
        sslMode(env.string("PGSSLMODE", "prefer")),
        env.string("PGSSLROOTCERT", null),
        env.bool("HUB_RUN_MIGRATIONS", true));
  }

  /**
   * The mode actually used: {@code require} with a root certificate checks the chain, as in libpq; pgjdbc
   * would otherwise ignore the certificate under {@code require}.
   */
  public SslMode effectiveSslMode() {
    return sslMode == SslMode.REQUIRE && sslRootCert != null ? SslMode.VERIFY_CA : sslMode;
  }

  /** Flyway's connection: the same server, database and TLS settings as the pools. */
  public String jdbcUrl() {
    Map<String, String> parameters = new LinkedHashMap<>();
    parameters.put("sslmode", modeName(effectiveSslMode()));
    if (SYSTEM_ROOT_CERTIFICATES.equals(sslRootCert)) {
      parameters.put("sslfactory", "org.postgresql.ssl.DefaultJavaSSLFactory");
    } else if (sslRootCert != null) {
      parameters.put("sslrootcert", sslRootCert);
    }
    return "jdbc:postgresql://" + host + ":" + port + "/" + database + "?" + parameters.entrySet().stream()
        .map(p -> p.getKey() + "=" + java.net.URLEncoder.encode(p.getValue(), java.nio.charset.StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
  }

  public DatabaseConfig withPoolSize(int size) {
    return new DatabaseConfig(host, port, database, user, password, size, sslMode, sslRootCert, runMigrations);
  }

  /** The same server and settings, another database. */
  public DatabaseConfig withDatabase(String name) {
    return new DatabaseConfig(host, port, name, user, password, poolSize, sslMode, sslRootCert, runMigrations);
  }

  /** These settings with migrations run at start-up ({@code true}) or only checked ({@code false}). */
  public DatabaseConfig withRunMigrations(boolean run) {
    return new DatabaseConfig(host, port, database, user, password, poolSize, sslMode, sslRootCert, run);
  }

  /** These settings with another TLS mode and root certificate. */
  public DatabaseConfig withSsl(SslMode mode, String rootCert) {
    return new DatabaseConfig(host, port, database, user, password, poolSize, mode, rootCert, runMigrations);
  }

  /** Never prints the password. */
  @Override
  public String toString() {
    return "DatabaseConfig[" + user + "@" + host + ":" + port + "/" + database + ", pool " + poolSize + ", sslmode "
        + modeName(sslMode) + (sslRootCert == null ? "" : ", root certificate " + sslRootCert)
        + (runMigrations ? "" : ", migrations not run") + "]";
  }

  static String modeName(SslMode mode) {
    return mode.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  private static SslMode sslMode(String text) {
    String name = text.trim().toLowerCase(Locale.ROOT);
    for (SslMode mode : SslMode.values()) {
      if (modeName(mode).equals(name)) {
        return mode;
      }
    }
    throw new IllegalArgumentException("PGSSLMODE must be one of disable, allow, prefer, require, verify-ca, "
        + "verify-full, got '" + text + "'");
  }
}
