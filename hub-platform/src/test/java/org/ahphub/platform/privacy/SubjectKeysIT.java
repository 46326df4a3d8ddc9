package org.ahphub.platform.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.ahphub.platform.crypto.SecretBox;
import org.ahphub.platform.db.DatabaseConfig;
import org.ahphub.platform.db.Databases;
import org.ahphub.platform.privacy.SubjectKeys.DataKey;
import org.ahphub.testing.PostgresCoordinates;
import org.ahphub.testing.TestInfrastructure;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Two processes' key caches over one database: an erasure in one is honoured by the other at once when sealing. */
class SubjectKeysIT {

  private final Vertx vertx = Vertx.vertx();
  private Pool pool;
  private SecretBox box;

  @BeforeEach
  void migrate() {
    PostgresCoordinates db = TestInfrastructure.get().freshDatabase();
    DatabaseConfig config = new DatabaseConfig(db.host(), db.port(), db.database(), db.user(), db.password(), 2);
    Databases.migrate(vertx, config, "privacy").await();
    pool = Databases.pool(vertx, config);
    box = SecretBox.fromConfig(Base64.getEncoder().encodeToString(new byte[32]));
  }

  @AfterEach
  void close() {
    vertx.close().await();
  }

  @Test
  @DisplayName("a key destroyed by another process is never used to seal again, though still cached; what it sealed stays shut")
  void sealingNeverUsesADestroyedKey() {
    SubjectKeys lrs = new SubjectKeys(pool, box, Duration.ofHours(1));
    SubjectKeys mapper = new SubjectKeys(pool, box, Duration.ofHours(1));
    String learner = "mbox_sha1sum:" + "12".repeat(20);
    DataKey before = lrs.keysFor(List.of(learner)).await().get(learner);
    JsonObject sealedBefore = SealedData.seal(before, "event-1", "{\"n\":1}");

    assertThat(mapper.destroy(List.of(learner)).await()).isEqualTo(1);

    DataKey after = lrs.keysFor(List.of(learner)).await().get(learner);
    assertThat(after.kid()).as("the same pseudonym").isEqualTo(before.kid());
    assertThat(after.key().getEncoded()).as("a new key, not the cached one").isNotEqualTo(before.key().getEncoded());
    JsonObject sealedAfter = SealedData.seal(after, "event-2", "{\"n\":2}");
    assertThat(mapper.open("event-2", sealedAfter).await().getInteger("n")).isEqualTo(2);
    assertThat(mapper.open("event-1", sealedBefore).otherwise(e -> new JsonObject().put("erased", e instanceof SubjectErased))
        .await()).isEqualTo(new JsonObject().put("erased", true));
  }
}
