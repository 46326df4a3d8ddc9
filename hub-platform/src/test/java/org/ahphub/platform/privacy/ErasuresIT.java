package org.ahphub.platform.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.ahphub.platform.crypto.SecretBox;
import org.ahphub.platform.db.DatabaseConfig;
import org.ahphub.platform.db.Databases;
import org.ahphub.platform.privacy.Erasures.Erasure;
import org.ahphub.testing.Eventually;
import org.ahphub.testing.PostgresCoordinates;
import org.ahphub.testing.TestInfrastructure;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The erasure job on the embedded PostgreSQL: parts in order, each once; a part that fails stops the job, and the
 * next run resumes from it; the keys are destroyed; the tombstone names no one; asking again changes nothing.
 */
class ErasuresIT {

  private final Vertx vertx = Vertx.vertx();
  private final List<String> ran = new CopyOnWriteArrayList<>();
  private Pool pool;
  private SubjectKeys keys;
  private SecretBox box;

  /** A part that records what it was asked to erase, failing the first {@code failures} times. */
  private final class RecordingPart implements PersonalData {
    private final String name;
    private int failures;
    private final List<DataSubject> erased = new ArrayList<>();

    RecordingPart(String name, int failures) {
      this.name = name;
      this.failures = failures;
    }

    @Override
    public String part() {
      return name;
    }

    @Override
    public Future<Void> export(DataSubject subject, ExportArchive archive) {
      return Future.succeededFuture();
    }

    @Override
    public Future<Void> erase(DataSubject subject) {
      ran.add(name);
      if (failures-- > 0) {
        return Future.failedFuture(new IllegalStateException(name + " is down"));
      }
      erased.add(subject);
      return Future.succeededFuture();
    }
  }

  @BeforeEach
  void migrate() {
    PostgresCoordinates db = TestInfrastructure.get().freshDatabase();
    DatabaseConfig config = new DatabaseConfig(db.host(), db.port(), db.database(), db.user(), db.password(), 2);
    Databases.migrate(vertx, config, "privacy").await();
    pool = Databases.pool(vertx, config);
    box = SecretBox.fromConfig(Base64.getEncoder().encodeToString(new byte[32]));
    keys = new SubjectKeys(pool, box);
  }

  @AfterEach
  void close() {
    vertx.close().await();
  }

  @Test
  @DisplayName("an erasure stopped by a failing part resumes at that part; the keys go and the tombstone names no one")
  void resumesWhereItStopped() throws InterruptedException {
    RecordingPart sharing = new RecordingPart("sharing", 0);
    RecordingPart lrs = new RecordingPart("lrs", 1);
    RecordingPart passport = new RecordingPart("passport", 0);
    Erasures erasures = new Erasures(pool, box, keys, PersonalData.inOrder(List.of(passport, lrs, sharing)));
    UUID person = UUID.randomUUID();
    UUID merged = UUID.randomUUID();
    String key = "mbox_sha1sum:" + "ab".repeat(20);
    keys.keysFor(List.of(key, person.toString(), merged.toString())).await();

    Erasure started = erasures.start(List.of(person, merged), List.of(key), "operator test", "ticket 7").await();
    assertThat(started.status()).isEqualTo("erasing");
    Erasure stopped = Eventually.await("the lrs part to fail", () -> erasures.find(started.id()).await().orElseThrow(),
        e -> ran.contains("lrs"));
    assertThat(stopped.status()).isEqualTo("erasing");
    assertThat(stopped.partsDone()).containsExactly("sharing");
    assertThat(keys.find(keys.pseudonym(key)).await()).as("destroyed when the erasure started").isEmpty();

    erasures.resume().await();
    Erasure erased = erasures.find(started.id()).await().orElseThrow();
    assertThat(erased.status()).isEqualTo("erased");
    assertThat(erased.partsDone()).containsExactly("sharing", "lrs", "passport");
    assertThat(erased.personId()).isEmpty();
    assertThat(erased.reason()).isEqualTo("ticket 7");
    assertThat(ran).containsExactly("sharing", "lrs", "lrs", "passport");
    DataSubject subject = passport.erased.get(0);
    assertThat(subject.personIds()).containsExactly(person, merged);
    assertThat(subject.identifierKeys()).containsExactly(key);
    assertThat(subject.requestId()).isEqualTo(started.id());
    for (String subjectKey : List.of(key, person.toString(), merged.toString())) {
      assertThat(keys.find(keys.pseudonym(subjectKey)).await()).isEmpty();
    }
    assertThat(pool.query("SELECT count(*) FROM privacy.erasure WHERE sealed_subject IS NOT NULL OR person_id IS NOT NULL")
        .execute().await().iterator().next().getLong(0)).isZero();

    assertThat(erasures.ofPerson(person).await()).map(Erasure::id).contains(started.id());

    // the person came back (a later statement, the same id): erased anew, under a new tombstone
    Erasure again = erasures.start(List.of(person), List.of(key), "operator test", null).await();
    assertThat(again.id()).isNotEqualTo(started.id());
    Eventually.await("the second erasure", () -> erasures.find(again.id()).await().orElseThrow(), Erasure::erased);
    assertThat(ran).containsExactly("sharing", "lrs", "lrs", "passport", "sharing", "lrs", "passport");
    assertThat(erasures.list("erased").await()).extracting(Erasure::id).containsExactlyInAnyOrder(started.id(), again.id());
  }

  @Test
  @DisplayName("a person's request waits for the operator, once however often they ask; the operator's start takes it on")
  void requestThenStart() throws InterruptedException {
    RecordingPart part = new RecordingPart("passport", 0);
    Erasures erasures = new Erasures(pool, box, keys, List.of(part));
    UUID person = UUID.randomUUID();
    Erasure asked = erasures.request(person, "the person", null).await();
    assertThat(erasures.request(person, "the person", "again").await().id()).isEqualTo(asked.id());
    assertThat(erasures.list("requested").await()).extracting(Erasure::id).containsExactly(asked.id());
    erasures.resume().await();
    assertThat(ran).as("a request alone erases nothing").isEmpty();

    Erasure started = erasures.start(List.of(person), List.of(), "operator test", "confirmed").await();
    assertThat(started.id()).isEqualTo(asked.id());
    assertThat(started.requestedBy()).isEqualTo("the person");
    // only the passport part is in this process: the erasure waits for the others
    Erasure waiting = Eventually.await("the passport part", () -> erasures.find(asked.id()).await().orElseThrow(),
        e -> e.partsDone().contains("passport"));
    assertThat(waiting.status()).isEqualTo("erasing");
    assertThat(waiting.personId()).contains(person);
  }
}
