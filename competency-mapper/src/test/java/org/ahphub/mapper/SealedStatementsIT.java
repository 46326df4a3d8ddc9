package org.ahphub.mapper;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.ahphub.events.CloudEvent;
import org.ahphub.events.EventTypes;
import org.ahphub.platform.crypto.SecretBox;
import org.ahphub.platform.privacy.SealedData;
import org.ahphub.platform.privacy.SubjectKeys;
import org.ahphub.platform.privacy.SubjectKeys.DataKey;
import org.ahphub.xapi.Actors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The mapper reads statements sealed with the learner's key, as the LRS publishes them, and once the key is
 * destroyed (the learner erased) a statement sealed with it credits nothing and is not dead-lettered either.
 */
class SealedStatementsIT {

  private static SharingHarness hub;

  @BeforeAll
  static void start() {
    // Keys are not kept between reads here, so destroying one takes effect at once in the mapper too.
    hub = new SharingHarness(Map.of("HUB_SUBJECT_KEY_CACHE", "PT0S"));
  }

  @AfterAll
  static void stop() {
    hub.close();
  }

  /** The statement as the LRS publishes it: keyed by the learner's pseudonym, sealed with the learner's key. */
  private static String sealedEvent(JsonObject statement, DataKey key) {
    String id = statement.getString("id");
    return new CloudEvent(id, "/xapi/statements", EventTypes.STATEMENT_STORED, key.kid(), Instant.now(), null)
        .encodeWithData(SealedData.seal(key, id, statement.encode()).encode());
  }

  private static List<String> competencies(String personId) {
    return hub.asOperator("GET", "/passports/" + personId, null).bodyAsJsonObject().getJsonArray("competencies")
        .stream().map(c -> ((JsonObject) c).getString("number")).toList();
  }

  @Test
  @DisplayName("a sealed statement credits its learner; after the learner's key is destroyed, one sealed with it credits nothing and the statements after it still count")
  void sealedStatementsAndErasure() throws Exception {
    SubjectKeys keys = new SubjectKeys(hub.mapper.pool(), SecretBox.fromConfig(null));
    String mbox = "mailto:sealed-" + UUID.randomUUID() + "@example.nhs.uk";
    JsonObject first = SharingHarness.completed(mbox, "4.2");
    String learner = Actors.learnerKey(first);
    DataKey key = keys.keysFor(List.of(learner)).await().get(learner);

    hub.publishEvent(key.kid(), sealedEvent(first, key));
    String personId = hub.awaitPerson(new JsonObject().put("mbox", mbox));
    assertThat(competencies(personId)).containsExactly("4.2");

    String afterErasure = sealedEvent(SharingHarness.completed(mbox, "5.6"), key);
    assertThat(keys.destroy(List.of(learner)).await()).isEqualTo(1);
    hub.publishEvent(key.kid(), afterErasure);
    // On the same key (so the same partition, in order after it): a statement in clear for the same learner.
    JsonObject sentinel = SharingHarness.completed(mbox, "7.1");
    hub.publishEvent(key.kid(), new CloudEvent(sentinel.getString("id"), "/xapi/statements",
        EventTypes.STATEMENT_STORED, key.kid(), Instant.now(), sentinel).toJson().encode());
    SharingHarness.eventually(() -> competencies(personId), held -> held.contains("7.1"));
    assertThat(competencies(personId)).containsExactlyInAnyOrder("4.2", "7.1");
  }
}
