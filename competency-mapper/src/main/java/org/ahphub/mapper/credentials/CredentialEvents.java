package org.ahphub.mapper.credentials;

import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.UUID;
import org.ahphub.events.CloudEvent;
import org.ahphub.events.EventTypes;
import org.ahphub.events.Topics;
import org.ahphub.mapper.framework.Framework;
import org.ahphub.mapper.framework.NameBasedUuid;
import org.ahphub.platform.outbox.OutboxMessage;

/**
 * The {@code credential.revoked} CloudEvent on {@code passport.updates}, keyed by the holder's person id, shaped
 * like the passport events (personId, competency, stage) so webhook filters and subscribers read it the same
 * way. A credential is revoked once, so its event id is derived from the credential id.
 */
public final class CredentialEvents {

  public static final String SOURCE = "/credentials";
  private static final UUID EVENT_NAMESPACE = UUID.fromString("9b1f3c52-4a8e-5d1c-b6f0-7e2a9d4c8b13");

  private final Framework framework;
  private final String statusListUrl;

  public CredentialEvents(Framework framework, String statusListUrl) {
    this.framework = framework;
    this.statusListUrl = statusListUrl;
  }

  public List<OutboxMessage> revoked(List<IssuedCredentialStore.Revoked> revoked) {
    return revoked.stream().map(this::revoked).toList();
  }

  private OutboxMessage revoked(IssuedCredentialStore.Revoked credential) {
    JsonObject competency = new JsonObject().put("number", credential.competency());
    framework.competency(credential.competency()).ifPresent(c -> competency.put("iri", c.iri()).put("title", c.title()));
    JsonObject data = new JsonObject()
        .put("personId", credential.personId().toString())
        .put("credential", new JsonObject()
            .put("id", "urn:uuid:" + credential.id())
            .put("statusListIndex", String.valueOf(credential.statusIndex()))
            .put("statusListCredential", statusListUrl))
        .put("competency", competency)
        .put("stage", credential.stage())
        .put("revokedAt", credential.revokedAt().toString())
        .put("reason", credential.reason())
        .put("revokedBy", credential.revokedBy());
    String id = NameBasedUuid.v5(EVENT_NAMESPACE, EventTypes.CREDENTIAL_REVOKED + "|" + credential.id()).toString();
    return new OutboxMessage(Topics.PASSPORT_UPDATES, credential.personId().toString(),
        new CloudEvent(id, SOURCE, EventTypes.CREDENTIAL_REVOKED, credential.personId().toString(),
            credential.revokedAt(), data));
  }
}
