package org.ahphub.lrs.store.pg;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.ahphub.platform.db.DatabaseConfig;
import org.ahphub.platform.db.Databases;
import org.ahphub.platform.privacy.DataSubject;
import org.ahphub.platform.privacy.ZipExportArchive;
import org.ahphub.testing.PostgresCoordinates;
import org.ahphub.testing.RecordingWriteStream;
import org.ahphub.testing.TestInfrastructure;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** A person with 100,000 statements: exported as a stream in bounded chunks, then erased, others kept. */
class PgPersonalDataIT {

  private static final int STATEMENTS = 100_000;
  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() {
    vertx.close().await();
  }

  @Test
  @DisplayName("100,000 statements export as a stream of small chunks, and erase without touching another learner's")
  void largePerson() throws Exception {
    PostgresCoordinates db = TestInfrastructure.get().freshDatabase();
    db.migrate("lrs", "latest");
    String key = "mbox_sha1sum:" + "c0ffee".repeat(6) + "c0ff";
    String other = "mbox_sha1sum:" + "beef".repeat(10);
    try (Connection connection = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password())) {
      seed(connection, key, STATEMENTS);
      seed(connection, other, 10);
    }
    DatabaseConfig config = new DatabaseConfig(db.host(), db.port(), db.database(), db.user(), db.password(), 4);
    Pool pool = Databases.pool(vertx, config);
    PgPersonalData part = new PgPersonalData(pool);
    DataSubject subject = new DataSubject(UUID.randomUUID(), Instant.now(), UUID.randomUUID(), List.of(), List.of(key));

    RecordingWriteStream sink = RecordingWriteStream.counting(8);
    long started = System.nanoTime();
    long exported = vertx.getOrCreateContext().<Long>executeBlocking(() -> 0L).compose(v -> {
      ZipExportArchive archive = new ZipExportArchive(sink);
      return part.export(subject, archive).compose(done -> archive.finish("test", Instant.now())).map(done -> 0L);
    }).await();
    long exportMillis = (System.nanoTime() - started) / 1_000_000;
    assertThat(exported).isZero();
    assertThat(sink.largest()).as("streamed: no write larger than a chunk and a statement").isLessThan(160 * 1024);
    assertThat(sink.writes()).isGreaterThan(50);

    started = System.nanoTime();
    part.erase(subject).await();
    long eraseMillis = (System.nanoTime() - started) / 1_000_000;
    System.out.printf("export of %,d statements: %,d bytes zipped in %,d writes (largest %,d) in %,d ms; erased in %,d ms%n",
        STATEMENTS, sink.bytes(), sink.writes(), sink.largest(), exportMillis, eraseMillis);
    assertThat(pool.query("SELECT count(*) FROM lrs.statement").execute().await().iterator().next().getLong(0))
        .as("only the other learner's statements are left").isEqualTo(10);
    assertThat(pool.query("SELECT count(*) FROM lrs.statement_agent").execute().await().iterator().next().getLong(0))
        .isEqualTo(10);
  }

  /** {@code count} statements whose actor is {@code key}, with their actor link rows, written in SQL. */
  private static void seed(Connection connection, String key, int count) throws Exception {
    try (PreparedStatement insert = connection.prepareStatement(
        "INSERT INTO lrs.statement (seq, id, stored, payload, learner_key, verb_id, authority_org, authority_key) "
            + "SELECT nextval('lrs.statement_seq_seq'), gen_random_uuid(), now(), jsonb_build_object('actor', jsonb_build_object('mbox_sha1sum', ?), "
            + "'verb', jsonb_build_object('id', 'http://adlnet.gov/expapi/verbs/completed'), 'object', "
            + "jsonb_build_object('id', 'https://example.org/course/' || g), 'result', jsonb_build_object('response', "
            + "md5(g::text) || md5(random()::text) || repeat(md5(g::text), 2))), ?, 'http://adlnet.gov/expapi/verbs/completed', "
            + "md5(?)::uuid, 'k' "
            + "FROM generate_series(1, ?) g");
        PreparedStatement links = connection.prepareStatement(
            "INSERT INTO lrs.statement_agent (authority_org, agent_hash, statement_seq, relation) "
                + "SELECT authority_org, ?::uuid, seq, 'actor' FROM lrs.statement WHERE learner_key = ?")) {
      insert.setString(1, key.substring("mbox_sha1sum:".length()));
      insert.setString(2, key);
      insert.setString(3, "organisation of " + key); // one organisation stores a learner's statements, as in life
      insert.setInt(4, count);
      insert.execute();
      links.setString(1, LinkKeys.hash(key).toString());
      links.setString(2, key);
      links.execute();
    }
  }
}
