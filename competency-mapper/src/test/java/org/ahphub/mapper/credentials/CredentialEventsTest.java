package org.ahphub.mapper.credentials;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.ahphub.events.EventTypes;
import org.ahphub.events.Topics;
import org.ahphub.mapper.credentials.CredentialIssuer.PassportUpdate;
import org.ahphub.mapper.framework.Framework;
import org.ahphub.platform.outbox.OutboxMessage;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The credential.revoked event, and the credential consumer never acting on its own events. */
class CredentialEventsTest {

  private static final Framework FRAMEWORK = Framework.load();

  @Test
  @DisplayName("credential.revoked goes to passport.updates keyed by the holder, shaped like the passport events, with a stable id")
  void revokedEvent() {
    UUID person = UUID.randomUUID();
    UUID credential = UUID.randomUUID();
    Instant at = Instant.parse("2026-12-06T10:15:30Z");
    var revoked = new IssuedCredentialStore.Revoked(credential, person, "5.6", "entry", 7, at, "issued in error",
        IssuedCredentialStore.OPERATOR);
    CredentialEvents events = new CredentialEvents(FRAMEWORK, "https://hub.example/credentials/status/1");
    OutboxMessage message = events.revoked(List.of(revoked)).get(0);
    assertThat(message.topic()).isEqualTo(Topics.PASSPORT_UPDATES);
    assertThat(message.key()).isEqualTo(person.toString());
    assertThat(message.event().type()).isEqualTo(EventTypes.CREDENTIAL_REVOKED).startsWith("org.ahphub.passport.");
    assertThat(message.event().subject()).isEqualTo(person.toString());
    assertThat(message.event().time()).isEqualTo(at);
    JsonObject data = message.event().data();
    assertThat(data.getString("personId")).isEqualTo(person.toString());
    assertThat(data.getJsonObject("competency").getString("number")).isEqualTo("5.6");
    assertThat(data.getJsonObject("competency").getString("title")).isNotBlank();
    assertThat(data.getString("stage")).isEqualTo("entry");
    assertThat(data.getString("reason")).isEqualTo("issued in error");
    assertThat(data.getString("revokedBy")).isEqualTo("operator");
    assertThat(data.getString("revokedAt")).isEqualTo("2026-12-06T10:15:30Z");
    assertThat(data.getJsonObject("credential").getString("id")).isEqualTo("urn:uuid:" + credential);
    assertThat(data.getJsonObject("credential").getString("statusListIndex")).isEqualTo("7");
    assertThat(events.revoked(List.of(revoked)).get(0).event().id()).as("a re-published event keeps its id")
        .isEqualTo(message.event().id());
  }

  @Test
  @DisplayName("the credential consumer ignores credential.revoked (and credited), so its own events never loop back")
  void consumerIgnoresItsOwnEvents() {
    CredentialIssuer issuer = new CredentialIssuer(FRAMEWORK, new UntouchableStore(), "https://hub.example");
    UUID person = UUID.randomUUID();
    for (String type : List.of(EventTypes.CREDENTIAL_REVOKED, EventTypes.COMPETENCY_CREDITED)) {
      Future<Void> done = issuer.onPassportEvent(new PassportUpdate(type, person, "5.6", "entry"));
      assertThat(done.succeeded()).as(type).isTrue();
    }
  }

  /** A store that fails any use: the events above must not reach it. */
  private static final class UntouchableStore implements IssuedCredentialStore {
    private static <T> Future<T> touched() {
      return Future.failedFuture(new AssertionError("the store was used"));
    }

    @Override public Future<List<StoredKey>> keys() { return touched(); }
    @Override public Future<Void> addActiveKey(String kid, String privateJwk, String publicJwk) { return touched(); }
    @Override public Future<Optional<Issued>> ensureIssued(UUID p, String c, String s, Instant v) { return touched(); }
    @Override public Future<List<Revoked>> revokeFor(UUID p, String c, String s, String r,
        Function<List<Revoked>, List<OutboxMessage>> e) { return touched(); }
    @Override public Future<Optional<Revocation>> revoke(UUID id, String r,
        Function<List<Revoked>, List<OutboxMessage>> e) { return touched(); }
    @Override public Future<List<Standing>> standingRevocations(UUID p) { return touched(); }
    @Override public Future<BitSet> revokedIndexes() { return touched(); }
    @Override public Future<Optional<Status>> status(int statusIndex) { return touched(); }
  }
}
