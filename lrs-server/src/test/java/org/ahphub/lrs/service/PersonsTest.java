package org.ahphub.lrs.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;
import org.ahphub.xapi.Actors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Persons: the Agents resource's Person combines the agent's identifier with its person's others")
class PersonsTest {

  private static final String MBOX = "mailto:sam@example.nhs.uk";
  private static final JsonObject SUM = new JsonObject().put("mbox_sha1sum", Actors.sha1Hex(MBOX));
  private static final JsonObject STAFF = account("https://trust.example.nhs.uk", "12345");
  private static final JsonObject ELFH = account("https://www.e-lfh.org.uk", "L1000042");
  private static final JsonObject OPENID = new JsonObject().put("openid", "https://id.example.org/sam");

  @Test
  @DisplayName("an agent no person is known for is a Person of its own identifier and name, each an array")
  void unknownAgent() {
    JsonObject person = Persons.of(new JsonObject().put("objectType", "Agent").put("name", "Sam").put("mbox", MBOX),
        Map.of());

    assertThat(person).isEqualTo(new JsonObject().put("objectType", "Person")
        .put("name", new JsonArray().add("Sam")).put("mbox", new JsonArray().add(MBOX)));
  }

  @Test
  @DisplayName("the person's identifiers of every kind are combined; the mbox asked for replaces its own SHA-1 sum")
  void combinesEveryKind() {
    JsonObject person = Persons.of(new JsonObject().put("mbox", MBOX), known(SUM, STAFF, ELFH, OPENID));

    assertThat(person.getJsonArray("mbox")).containsExactly(MBOX);
    assertThat(person.containsKey("mbox_sha1sum")).isFalse();
    assertThat(person.getJsonArray("account")).containsExactly(STAFF.getJsonObject("account"), ELFH.getJsonObject("account"));
    assertThat(person.getJsonArray("openid")).containsExactly(OPENID.getString("openid"));
    assertThat(person.containsKey("name")).isFalse();
  }

  @Test
  @DisplayName("the identifier asked for comes first among its kind, and only once")
  void ownIdentifierFirst() {
    JsonObject person = Persons.of(ELFH.copy().put("name", "Sam Carter"), known(SUM, STAFF, ELFH));

    assertThat(person.getJsonArray("account")).containsExactly(ELFH.getJsonObject("account"), STAFF.getJsonObject("account"));
    assertThat(person.getJsonArray("mbox_sha1sum")).containsExactly(SUM.getString("mbox_sha1sum"));
    assertThat(person.getJsonArray("name")).containsExactly("Sam Carter");
  }

  private static Map<String, JsonObject> known(JsonObject... identifiers) {
    Map<String, JsonObject> byKey = new LinkedHashMap<>();
    for (JsonObject identifier : identifiers) {
      byKey.put(Actors.identifierKey(identifier).orElseThrow(), identifier);
    }
    return byKey;
  }

  private static JsonObject account(String homePage, String name) {
    return new JsonObject().put("account", new JsonObject().put("homePage", homePage).put("name", name));
  }
}
