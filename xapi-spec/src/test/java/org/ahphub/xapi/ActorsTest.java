package org.ahphub.xapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ActorsTest {

  @Test
  @DisplayName("an mbox and its mbox_sha1sum name the same learner, and the key holds no e-mail address")
  void mboxAndSha1AreOneLearner() {
    String fromMbox = Actors.identifierKey(new JsonObject().put("mbox", "mailto:sam@example.nhs.uk")).orElseThrow();
    String sum = Actors.sha1Hex("mailto:sam@example.nhs.uk");
    String fromSum = Actors.identifierKey(new JsonObject().put("mbox_sha1sum", sum.toUpperCase())).orElseThrow();
    assertThat(fromMbox).isEqualTo(fromSum).doesNotContain("sam@");
  }

  @Test
  @DisplayName("accounts are keyed by home page and name")
  void accountKey() {
    JsonObject agent = new JsonObject().put("account",
        new JsonObject().put("homePage", "https://www.e-lfh.org.uk").put("name", "L123"));
    assertThat(Actors.identifierKey(agent)).contains("account:https://www.e-lfh.org.uk|L123");
  }

  @Test
  @DisplayName("the learner of an anonymous group is its first member; a statement without any identifier has none")
  void learnerKey() {
    JsonObject statement = new JsonObject("""
        {"actor":{"objectType":"Group","member":[{"openid":"https://id.example.org/a"},{"openid":"https://id.example.org/b"}]}}""");
    assertThat(Actors.learnerKey(statement)).isEqualTo("openid:https://id.example.org/a");
    assertThatThrownBy(() -> Actors.learnerKey(new JsonObject().put("actor", new JsonObject())))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  @DisplayName("an identifier key turns back into the identifier it stands for, an mbox as its SHA-1 sum, and keys it again the same")
  void identifierOfKey() {
    String sum = Actors.sha1Hex("mailto:sam@example.nhs.uk");
    JsonObject account = new JsonObject().put("account",
        new JsonObject().put("homePage", "https://trust.example.nhs.uk").put("name", "staff|12345"));
    JsonObject openid = new JsonObject().put("openid", "https://id.example.org/sam");

    assertThat(Actors.identifier(Actors.identifierKey(new JsonObject().put("mbox", "mailto:sam@example.nhs.uk"))
        .orElseThrow())).isEqualTo(new JsonObject().put("mbox_sha1sum", sum));
    assertThat(Actors.identifier(Actors.identifierKey(account).orElseThrow())).isEqualTo(account);
    assertThat(Actors.identifier(Actors.identifierKey(openid).orElseThrow())).isEqualTo(openid);
    assertThatThrownBy(() -> Actors.identifier("mbox:mailto:sam@example.nhs.uk"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Actors.identifier("account:https://trust.example.nhs.uk"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
