package org.ahphub.lrs.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.UUID;
import org.ahphub.events.CloudEvent;
import org.ahphub.events.EventTypes;
import org.ahphub.xapi.Actors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("PersonIdentities: reading a passport.identities event")
class PersonIdentitiesTest {

  private static final UUID PERSON = UUID.fromString("0b6f9a52-3c1d-4e8f-9a7b-2c5d6e7f8a90");
  private static final UUID SURVIVOR = UUID.fromString("5e4d3c2b-1a09-4f8e-8d7c-6b5a49382716");
  private static final String MBOX = "mailto:sam@example.nhs.uk";

  @Test
  @DisplayName("a snapshot gives the person, the identity version and each identifier by its key, reduced to the identifier itself")
  void readsSnapshot() {
    JsonObject account = new JsonObject().put("homePage", "https://trust.example.nhs.uk").put("name", "12345");
    PersonIdentities read = PersonIdentities.fromEvent(snapshot(7, new JsonArray()
        .add(new JsonObject().put("account", account).put("objectType", "Agent").put("name", "Sam"))
        .add(new JsonObject().put("mbox", MBOX))
        .add(new JsonObject().put("mbox_sha1sum", Actors.sha1Hex(MBOX)))));

    assertThat(read.personId()).isEqualTo(PERSON);
    assertThat(read.identityVersion()).isEqualTo(7);
    assertThat(read.mergedInto()).isNull();
    assertThat(read.identifiers()).containsOnlyKeys("account:https://trust.example.nhs.uk|12345",
        "mbox_sha1sum:" + Actors.sha1Hex(MBOX));
    assertThat(read.identifiers().get("account:https://trust.example.nhs.uk|12345"))
        .isEqualTo(new JsonObject().put("account", account));
  }

  @Test
  @DisplayName("a merge gives the person merged away and the survivor")
  void readsMerge() {
    PersonIdentities read = PersonIdentities.fromEvent(event(EventTypes.PERSON_MERGED, new JsonObject()
        .put("personId", PERSON.toString()).put("identityVersion", 9L).put("identifiers", new JsonArray())
        .put("mergedInto", SURVIVOR.toString())));

    assertThat(read.mergedInto()).isEqualTo(SURVIVOR);
    assertThat(read.identityVersion()).isEqualTo(9);
    assertThat(read.identifiers()).isEmpty();
  }

  @Test
  @DisplayName("anything else is refused with a reason that does not repeat the content")
  void refusesWhatItCannotApply() {
    JsonArray one = new JsonArray().add(new JsonObject().put("mbox", MBOX));
    assertUnreadable("{\"mbox\": \"" + MBOX + "\"");
    assertUnreadable(new JsonObject().put("specversion", "1.0").put("id", "x").encode());
    assertUnreadable(event(EventTypes.STAGE_ATTAINED, new JsonObject()));
    assertUnreadable(event(EventTypes.PERSON_IDENTIFIERS, null));
    assertUnreadable(snapshot(1.5, one));
    assertUnreadable(snapshot("1", one));
    assertUnreadable(event(EventTypes.PERSON_IDENTIFIERS, new JsonObject().put("personId", "sam")
        .put("identityVersion", 1).put("identifiers", one)));
    assertUnreadable(snapshot(1, new JsonObject().put("mbox", MBOX)));
    assertUnreadable(snapshot(1, new JsonArray().add(MBOX)));
    assertUnreadable(snapshot(1, new JsonArray().add(new JsonObject().put("mbox", MBOX).put("openid", "https://id.example.org/s"))));
    assertUnreadable(snapshot(1, new JsonArray().add(new JsonObject().put("name", "Sam"))));
    assertUnreadable(snapshot(1, new JsonArray().add(new JsonObject().put("account",
        new JsonObject().put("homePage", "https://trust.example.nhs.uk")))));
    assertUnreadable(event(EventTypes.PERSON_MERGED, new JsonObject().put("personId", PERSON.toString())
        .put("identityVersion", 2).put("identifiers", new JsonArray())));
  }

  private static void assertUnreadable(String value) {
    assertThatThrownBy(() -> PersonIdentities.fromEvent(value))
        .isInstanceOf(IllegalArgumentException.class)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("sam@").doesNotContain("Sam"));
  }

  private static String snapshot(Object version, Object identifiers) {
    return event(EventTypes.PERSON_IDENTIFIERS, new JsonObject().put("personId", PERSON.toString())
        .put("identityVersion", version).put("identifiers", identifiers));
  }

  private static String event(String type, JsonObject data) {
    return new CloudEvent("e-1", "/persons", type, PERSON.toString(), Instant.parse("2026-05-01T10:00:00Z"), data)
        .toJson().encode();
  }
}
