package org.ahphub.mapper.events;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import org.ahphub.events.CloudEvent;
import org.ahphub.events.EventTypes;
import org.ahphub.events.Topics;
import org.ahphub.mapper.framework.Competency;
import org.ahphub.mapper.framework.Framework;
import org.ahphub.mapper.framework.NameBasedUuid;
import org.ahphub.mapper.store.PassportStore.EvidenceChange;
import org.ahphub.mapper.store.PassportStore.PassportChange;
import org.ahphub.platform.outbox.OutboxMessage;

/**
 * The {@code passport.updates} contract: one CloudEvent per changed competency x stage, keyed by
 * person id. Event ids are derived from the statement and the change, so a re-published event
 * keeps its id and receivers can deduplicate.
 */
public final class PassportEvents {

  public static final String SOURCE = "/passports";
  private static final java.util.UUID EVENT_NAMESPACE = java.util.UUID.fromString("3f0d6a0e-6a51-5b7e-9a3c-2f1b9b6f0c41");

  private final Framework framework;

  public PassportEvents(Framework framework) {
    this.framework = framework;
  }

  public List<OutboxMessage> of(PassportChange change) {
    Instant now = Instant.now();
    return change.changes().stream()
        .filter(evidence -> evidence.added() || !evidence.held())
        .map(evidence -> message(change, evidence, now))
        .toList();
  }

  private OutboxMessage message(PassportChange change, EvidenceChange evidence, Instant time) {
    String type = evidence.added() ? EventTypes.COMPETENCY_CREDITED : EventTypes.COMPETENCY_RETRACTED;
    Competency competency = framework.competency(evidence.competencyNumber()).orElseThrow();
    JsonObject data = new JsonObject()
        .put("personId", change.personId().toString())
        .put("passportVersion", change.version())
        .put("competency", new JsonObject()
            .put("number", competency.number())
            .put("iri", competency.iri())
            .put("title", competency.title()))
        .put("stage", evidence.stage())
        .put("statementId", evidence.statementId().toString());
    if (evidence.credit() != null) {
      data.put("rule", new JsonObject().put("id", evidence.credit().ruleId()).put("version", evidence.credit().ruleVersion()))
          .put("evidenceKind", evidence.credit().kind())
          .put("achievedAt", evidence.credit().achievedAt().toString())
          .put("sourceOrganisation", change.sourceOrganisation());
    }
    String id = NameBasedUuid.v5(EVENT_NAMESPACE,
        type + "|" + evidence.statementId() + "|" + evidence.competencyNumber() + "|" + evidence.stage()).toString();
    CloudEvent event = new CloudEvent(id, SOURCE, type, change.personId().toString(), time, data);
    return new OutboxMessage(Topics.PASSPORT_UPDATES, change.personId().toString(), event);
  }
}
