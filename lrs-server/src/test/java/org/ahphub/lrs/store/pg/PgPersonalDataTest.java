package org.ahphub.lrs.store.pg;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Set;
import org.ahphub.xapi.Actors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Taking an erased person out of someone else's statement. */
class PgPersonalDataTest {

  private static final JsonObject ERASED = new JsonObject().put("objectType", "Agent")
      .put("account", new JsonObject().put("homePage", PgPersonalData.ERASED_HOME_PAGE).put("name", "e-1"));

  @Test
  @DisplayName("the person is replaced wherever they appear (instructor, team member, by mbox or its SHA-1); others stay")
  void replacesThePersonOnly() {
    String erased = "mailto:gone@example.org";
    Set<String> keys = Set.of(Actors.identifierKey(new JsonObject().put("mbox", erased)).orElseThrow());
    JsonObject statement = new JsonObject()
        .put("actor", new JsonObject().put("mbox", "mailto:stays@example.org").put("name", "Stays"))
        .put("verb", new JsonObject().put("id", "http://adlnet.gov/expapi/verbs/completed"))
        .put("object", new JsonObject().put("id", "https://example.org/course"))
        .put("context", new JsonObject()
            .put("instructor", new JsonObject().put("mbox", erased).put("name", "Gone Person"))
            .put("team", new JsonObject().put("objectType", "Group").put("member", new JsonArray()
                .add(new JsonObject().put("mbox_sha1sum", Actors.sha1Hex(erased)))
                .add(new JsonObject().put("mbox", "mailto:colleague@example.org")))));

    assertThat(PgPersonalData.replaceAgents(statement, keys, ERASED)).isTrue();

    assertThat(statement.encode()).doesNotContain("gone@example.org").doesNotContain("Gone Person")
        .doesNotContain(Actors.sha1Hex(erased)).contains("mailto:stays@example.org").contains("colleague@example.org");
    assertThat(statement.getJsonObject("context").getJsonObject("instructor")).isEqualTo(ERASED);
    assertThat(statement.getJsonObject("context").getJsonObject("team").getJsonArray("member").getJsonObject(0))
        .isEqualTo(ERASED);
    assertThat(PgPersonalData.replaceAgents(statement, keys, ERASED)).as("nothing left to replace").isFalse();
  }
}
