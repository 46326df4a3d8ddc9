package org.ahphub.mapper;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.ahphub.events.CloudEvent;
import org.ahphub.events.EventTypes;
import org.ahphub.events.Topics;
import org.ahphub.platform.crypto.SecretBox;
import org.ahphub.platform.privacy.SubjectKeys;
import org.ahphub.testing.PostgresCoordinates;
import org.ahphub.testing.TestInfrastructure;
import org.ahphub.xapi.Actors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The passport.identities contract: a person's complete identifiers after every link and merge. */
class IdentityEventsIT {

  private static SharingHarness hub;

  @BeforeAll
  static void start() {
    hub = new SharingHarness(Map.of());
  }

  @AfterAll
  static void stop() {
    hub.close();
  }

  @Test
  @DisplayName("linking an identifier publishes the person's complete list, keyed by person, with no e-mail address; a link that changes nothing publishes nothing")
  void linkPublishesSnapshot() throws Exception {
    String mbox = mbox();
    String personId = hub.credit(mbox, "5.6");
    JsonObject staffNumber = account("https://trust.example.nhs.uk", "staff-" + UUID.randomUUID());
    JsonObject openid = new JsonObject().put("openid", "https://id.example.org/" + UUID.randomUUID());

    assertThat(link(personId, staffNumber).getBoolean("changed")).isTrue();
    assertThat(link(personId, staffNumber).getBoolean("changed")).isFalse();
    assertThat(link(personId, openid).getBoolean("changed")).isTrue();

    List<ConsumerRecord<String, String>> records = identityRecords(personId, 2);
    assertThat(records).hasSize(2);
    assertThat(records).allSatisfy(record -> assertThat(record.value()).doesNotContain(mbox).doesNotContain("@"));
    CloudEvent first = CloudEvent.fromJson(new JsonObject(records.get(0).value()));
    CloudEvent second = CloudEvent.fromJson(new JsonObject(records.get(1).value()));
    assertThat(first.type()).isEqualTo(EventTypes.PERSON_IDENTIFIERS);
    assertThat(first.subject()).isEqualTo(personId);
    assertThat(first.data().getString("personId")).isEqualTo(personId);
    JsonObject sum = new JsonObject().put("mbox_sha1sum", Actors.sha1Hex(mbox));
    assertThat(first.data().getJsonArray("identifiers")).containsExactly(staffNumber, sum);
    assertThat(second.data().getJsonArray("identifiers")).containsExactly(staffNumber, sum, openid);
    assertThat(second.data().getLong("identityVersion")).isGreaterThan(first.data().getLong("identityVersion"));
    assertThat(second.data().containsKey("mergedInto")).isFalse();
  }

  @Test
  @DisplayName("a merge publishes the survivor's complete list and, under the same identity version, the merged person's end naming the survivor")
  void mergePublishesBothPeople() throws Exception {
    String survivorMbox = mbox();
    String mergedMbox = mbox();
    String survivor = hub.credit(survivorMbox, "5.6");
    String merged = hub.credit(mergedMbox, "4.2");
    JsonObject mergedAccount = account("https://www.e-lfh.org.uk", "L" + UUID.randomUUID());
    link(merged, mergedAccount);

    JsonObject linked = link(survivor, new JsonObject().put("mbox", mergedMbox));

    assertThat(linked.getString("mergedPersonId")).isEqualTo(merged);
    List<ConsumerRecord<String, String>> survivorRecords = identityRecords(survivor, 1);
    List<ConsumerRecord<String, String>> mergedRecords = identityRecords(merged, 2);
    assertThat(survivorRecords).hasSize(1);
    assertThat(mergedRecords).hasSize(2);
    CloudEvent survivorEvent = CloudEvent.fromJson(new JsonObject(survivorRecords.get(0).value()));
    CloudEvent mergedBefore = CloudEvent.fromJson(new JsonObject(mergedRecords.get(0).value()));
    CloudEvent mergedEnd = CloudEvent.fromJson(new JsonObject(mergedRecords.get(1).value()));
    assertThat(survivorEvent.data().getJsonArray("identifiers")).containsExactlyInAnyOrder(mergedAccount,
        new JsonObject().put("mbox_sha1sum", Actors.sha1Hex(survivorMbox)),
        new JsonObject().put("mbox_sha1sum", Actors.sha1Hex(mergedMbox)));
    assertThat(mergedBefore.type()).isEqualTo(EventTypes.PERSON_IDENTIFIERS);
    assertThat(mergedEnd.type()).isEqualTo(EventTypes.PERSON_MERGED);
    assertThat(mergedEnd.subject()).isEqualTo(merged);
    assertThat(mergedEnd.data().getString("mergedInto")).isEqualTo(survivor);
    assertThat(mergedEnd.data().getJsonArray("identifiers")).isEmpty();
    assertThat(mergedEnd.data().getLong("identityVersion"))
        .isEqualTo(survivorEvent.data().getLong("identityVersion"))
        .isGreaterThan(mergedBefore.data().getLong("identityVersion"));
  }

  @Test
  @DisplayName("links made at the same moment to one person are published one after another: the latest snapshot lists all of them")
  void concurrentLinksAreSerialised() throws Exception {
    String mbox = mbox();
    String personId = hub.credit(mbox, "5.6");
    List<JsonObject> accounts = new ArrayList<>();
    List<Future<HttpResponse<Buffer>>> requests = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      JsonObject account = account("https://trust-" + i + ".example.nhs.uk", "staff-" + UUID.randomUUID());
      accounts.add(account);
      requests.add(hub.http.post(hub.mapper.port(), "localhost", "/persons/" + personId + "/identifiers")
          .basicAuthentication(SharingHarness.OPERATOR, SharingHarness.OPERATOR_SECRET).sendJsonObject(account));
    }
    Future.all(requests).await();
    requests.forEach(r -> assertThat(r.result().statusCode()).as(r.result().bodyAsString()).isEqualTo(200));

    List<ConsumerRecord<String, String>> records = identityRecords(personId, 8);

    assertThat(records).hasSize(8);
    List<Long> versions = records.stream()
        .map(r -> new JsonObject(r.value()).getJsonObject("data").getLong("identityVersion")).toList();
    assertThat(versions).as("versions follow the order the snapshots were published in").isSorted().doesNotHaveDuplicates();
    List<Integer> sizes = records.stream()
        .map(r -> new JsonObject(r.value()).getJsonObject("data").getJsonArray("identifiers").size()).toList();
    assertThat(sizes).containsExactly(2, 3, 4, 5, 6, 7, 8, 9);
    JsonArray last = new JsonObject(records.get(7).value()).getJsonObject("data").getJsonArray("identifiers");
    assertThat(last).containsAll(accounts).contains(new JsonObject().put("mbox_sha1sum", Actors.sha1Hex(mbox)));
  }

  @Test
  @DisplayName("upgrading (V16) queues one snapshot for each person already linked to more than one identifier")
  void upgradeQueuesSnapshotsOfLinkedPeople() throws Exception {
    PostgresCoordinates db = TestInfrastructure.get().freshDatabase();
    db.migrate("mapper", "15");
    UUID linked = UUID.randomUUID();
    UUID alone = UUID.randomUUID();
    List<String> keys = List.of("account:https://trust.example.nhs.uk|staff|1",
        "mbox_sha1sum:" + Actors.sha1Hex("mailto:a@example.nhs.uk"), "openid:https://id.example.org/a");
    try (Connection connection = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
        Statement sql = connection.createStatement()) {
      sql.execute("INSERT INTO mapper.person (id) VALUES ('" + linked + "'), ('" + alone + "')");
      for (String key : keys) {
        sql.execute("INSERT INTO mapper.person_identifier (identifier_key, person_id) VALUES ('" + key + "', '" + linked + "')");
      }
      sql.execute("INSERT INTO mapper.person_identifier (identifier_key, person_id) VALUES ('openid:https://id.example.org/b', '"
          + alone + "')");

      db.migrate("mapper", "latest");

      List<String[]> queued = new ArrayList<>();
      try (ResultSet rows = sql.executeQuery("SELECT topic, event_key, event::text FROM mapper.outbox ORDER BY seq")) {
        while (rows.next()) {
          queued.add(new String[] {rows.getString(1), rows.getString(2), rows.getString(3)});
        }
      }
      assertThat(queued).hasSize(1);
      assertThat(queued.get(0)[0]).isEqualTo(Topics.PASSPORT_IDENTITIES);
      assertThat(queued.get(0)[1]).isEqualTo(linked.toString());
      CloudEvent event = CloudEvent.fromJson(new JsonObject(queued.get(0)[2]));
      assertThat(event.type()).isEqualTo(EventTypes.PERSON_IDENTIFIERS);
      assertThat(event.subject()).isEqualTo(linked.toString());
      assertThat(event.data().getString("personId")).isEqualTo(linked.toString());
      assertThat(event.data().getLong("identityVersion")).isPositive();
      assertThat(event.data().getJsonArray("identifiers"))
          .containsExactlyElementsOf(keys.stream().map(Actors::identifier).toList());
      // The next change continues after the queued snapshot's version.
      try (ResultSet next = sql.executeQuery("SELECT nextval('mapper.identity_version')")) {
        next.next();
        assertThat(next.getLong(1)).isGreaterThan(event.data().getLong("identityVersion"));
      }
    }
  }

  // ---------------------------------------------------------------- helpers

  private static String mbox() {
    return "mailto:identity-" + UUID.randomUUID() + "@example.nhs.uk";
  }

  private static JsonObject account(String homePage, String name) {
    return new JsonObject().put("account", new JsonObject().put("homePage", homePage).put("name", name));
  }

  private static JsonObject link(String personId, JsonObject agent) {
    HttpResponse<Buffer> response = hub.asOperator("POST", "/persons/" + personId + "/identifiers", agent);
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
    return response.bodyAsJsonObject();
  }

  /**
   * passport.identities records keyed by the person, from the beginning: {@code count} of them, then a second more
   * for extras; each checked to carry its identifiers sealed (nothing of them in clear), and returned opened with
   * the person's key, as the LRS reads them.
   */
  private static List<ConsumerRecord<String, String>> identityRecords(String personId, int count) {
    SubjectKeys keys = new SubjectKeys(hub.mapper.pool(), SecretBox.fromConfig(null));
    List<ConsumerRecord<String, String>> opened = new ArrayList<>();
    for (ConsumerRecord<String, String> record : SharingHarness.records(Topics.PASSPORT_IDENTITIES, personId, count)) {
      JsonObject event = new JsonObject(record.value());
      assertThat(event.getJsonObject("data").fieldNames()).as("sealed: " + record.value()).containsExactly("sealed");
      JsonObject data = keys.open(event.getString("id"), event.getJsonObject("data")).await();
      opened.add(new ConsumerRecord<>(record.topic(), record.partition(), record.offset(), record.key(),
          event.put("data", data).encode()));
    }
    return opened;
  }
}
