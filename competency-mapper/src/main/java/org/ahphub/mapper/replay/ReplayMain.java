package org.ahphub.mapper.replay;

import io.vertx.core.Vertx;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.regex.Pattern;
import org.ahphub.mapper.MapperConfig;
import org.ahphub.platform.config.Env;
import org.ahphub.platform.db.DatabaseConfig;
import org.ahphub.platform.kafka.KafkaSettings;

/**
 * The replay command. Reads the mapper's usual variables ({@code PG*}, {@code KAFKA_BOOTSTRAP_SERVERS},
 * {@code MAPPER_FIRE_SAFETY_RENEWAL}) for the live state, creates the database
 * {@code MAPPER_REPLAY_DATABASE} (default {@code <PGDATABASE>_replay_<timestamp>}) on the same server,
 * rebuilds into it, prints the comparison and exits 0 when the states are equal, 1 when they differ, 2 on
 * error.
 */
public final class ReplayMain {

  private static final Pattern DATABASE_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

  private ReplayMain() {}

  public static void main(String[] args) {
    Env env = Env.of(System.getenv());
    DatabaseConfig live = DatabaseConfig.fromEnv(env);
    String name = env.string("MAPPER_REPLAY_DATABASE",
        live.database() + "_replay_" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMddHHmmss")));
    Vertx vertx = Vertx.vertx();
    int status;
    try {
      DatabaseConfig fresh = createDatabase(live, name);
      Replay.Report report = Replay.run(vertx, live, fresh, KafkaSettings.fromEnv(env), Clock.systemUTC(),
          MapperConfig.fromEnv(System.getenv()).fireSafetyRenewal(),
          org.ahphub.platform.crypto.SecretBox.fromConfig(env.string("HUB_KEY_ENCRYPTION_KEY", null)));
      System.out.print("replay into database " + name + "\n" + report.describe());
      status = report.equal() ? 0 : 1;
    } catch (RuntimeException | SQLException e) {
      System.err.println("replay failed: " + e);
      status = 2;
    } finally {
      vertx.close().await();
    }
    System.exit(status);
  }

  static DatabaseConfig createDatabase(DatabaseConfig live, String name) throws SQLException {
    if (!DATABASE_NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("MAPPER_REPLAY_DATABASE must be a plain lower-case identifier: " + name);
    }
    try (Connection connection = DriverManager.getConnection(live.jdbcUrl(), live.user(), live.password());
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE DATABASE " + name);
    }
    return live.withDatabase(name);
  }
}
