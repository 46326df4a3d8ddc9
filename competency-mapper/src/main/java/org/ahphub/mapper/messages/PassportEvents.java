package org.ahphub.mapper.messages;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.ahphub.events.CloudEvent;
import org.ahphub.events.EventTypes;
import org.ahphub.events.Topics;
import org.ahphub.mapper.framework.Competency;
import org.ahphub.mapper.framework.Domain;
import org.ahphub.mapper.framework.Framework;
import org.ahphub.mapper.framework.NameBasedUuid;
import org.ahphub.mapper.store.PassportStore.AttainmentChange;
import org.ahphub.mapper.store.PassportStore.EvidenceChange;
import org.ahphub.mapper.store.PassportStore.ExpiryNotice;
import org.ahphub.mapper.store.PassportStore.PassportChange;
import org.ahphub.mapper.store.PersonStore.MergeChange;
import org.ahphub.platform.outbox.OutboxMessage;

/**
 * The {@code passport.updates} contract: one CloudEvent per changed competency x stage (credited,
 * renewed, retracted, expiring, expired) and per domain or overall stage attained or lost, keyed by
 * person id. Event ids are derived from what changed, so a re-published event keeps its id and
 * receivers can deduplicate.
 */
public final class PassportEvents {

  public static final String SOURCE = "/passports";
  private static final UUID EVENT_NAMESPACE = UUID.fromString("3f0d6a0e-6a51-5b7e-9a3c-2f1b9b6f0c41");

  private final Framework framework;

  public PassportEvents(Framework framework) {
    this.framework = framework;
  }

  public List<OutboxMessage> of(PassportChange change) {
    Instant now = Instant.now();
    List<OutboxMessage> messages = new ArrayList<>();
    for (EvidenceChange evidence : change.changes()) {
      if (evidence.added() || !evidence.held()) {
        messages.add(evidenceMessage(change, evidence, now));
      }
    }
    for (ExpiryNotice notice : change.notices()) {
      messages.add(expiryMessage(change, notice, now));
    }
    for (AttainmentChange attainment : change.attainment()) {
      messages.add(attainmentMessage(change, attainment, now));
    }
    return messages;
  }

  private OutboxMessage evidenceMessage(PassportChange change, EvidenceChange evidence, Instant time) {
    String type = !evidence.added() ? EventTypes.COMPETENCY_RETRACTED
        : evidence.renewal() ? EventTypes.COMPETENCY_RENEWED : EventTypes.COMPETENCY_CREDITED;
    JsonObject data = base(change, evidence.competencyNumber(), evidence.stage())
        .put("statementId", evidence.statementId().toString());
    if (evidence.credit() != null) {
      data.put("rule", new JsonObject().put("id", evidence.credit().ruleId()).put("version", evidence.credit().ruleVersion()))
          .put("evidenceKind", evidence.credit().kind())
          .put("basis", evidence.credit().basis())
          .put("confidence", evidence.credit().confidence())
          .put("achievedAt", evidence.credit().achievedAt().toString())
          .put("validFrom", evidence.credit().validFrom().toString())
          .put("validUntil", evidence.credit().validUntil() == null ? null : evidence.credit().validUntil().toString())
          .put("sourceOrganisation", change.sourceOrganisation());
    }
    // By statement key: two organisations' statements of the same id are two changes.
    String id = NameBasedUuid.v5(EVENT_NAMESPACE, type + "|" + change.personId() + "|" + evidence.statementKey() + "|"
        + evidence.competencyNumber() + "|" + evidence.stage()).toString();
    return message(change, new CloudEvent(id, SOURCE, type, change.personId().toString(), time, data));
  }

  /**
   * A merge made or undone, keyed by (and sent to whoever may see) the survivor: {@code personId} is the survivor,
   * {@code mergedPersonId} the record joined to it or restored from it. No identifiers: the event says that the
   * records joined or parted, not by what.
   */
  public OutboxMessage of(MergeChange merge) {
    String type = merge.undone() ? EventTypes.PASSPORT_UNMERGED : EventTypes.PASSPORT_MERGED;
    JsonObject data = new JsonObject()
        .put("personId", merge.survivorId().toString())
        .put("mergedPersonId", merge.mergedId().toString())
        .put("mergeId", merge.mergeId().toString())
        .put(merge.undone() ? "undoneAt" : "mergedAt", merge.at().toString());
    if (merge.joinedBy() != null) {
      data.put("joinedBy", merge.joinedBy().code());
    }
    String id = NameBasedUuid.v5(EVENT_NAMESPACE, type + "|" + merge.mergeId()).toString();
    return new OutboxMessage(Topics.PASSPORT_UPDATES, merge.survivorId().toString(),
        new CloudEvent(id, SOURCE, type, merge.survivorId().toString(), merge.at(), data));
  }

  private OutboxMessage expiryMessage(PassportChange change, ExpiryNotice notice, Instant time) {
    String type = "expired".equals(notice.kind()) ? EventTypes.COMPETENCY_EXPIRED : EventTypes.COMPETENCY_EXPIRING;
    JsonObject data = base(change, notice.competencyNumber(), notice.stage())
        .put("validUntil", notice.validUntil().toString());
    String id = NameBasedUuid.v5(EVENT_NAMESPACE, type + "|" + change.personId() + "|" + notice.competencyNumber() + "|"
        + notice.stage() + "|" + notice.validUntil()).toString();
    return message(change, new CloudEvent(id, SOURCE, type, change.personId().toString(), time, data));
  }

  private OutboxMessage attainmentMessage(PassportChange change, AttainmentChange attainment, Instant time) {
    String type = attainment.attained() ? EventTypes.STAGE_ATTAINED : EventTypes.STAGE_LOST;
    JsonObject data = new JsonObject()
        .put("personId", change.personId().toString())
        .put("passportVersion", change.version())
        .put("stage", attainment.stage());
    if ("overall".equals(attainment.scope())) {
      data.put("scope", "overall");
    } else {
      Domain domain = framework.domain(Integer.parseInt(attainment.scope())).orElseThrow();
      data.put("scope", "domain").put("domain", new JsonObject()
          .put("number", domain.number()).put("iri", domain.iri()).put("title", domain.title()));
    }
    String id = NameBasedUuid.v5(EVENT_NAMESPACE, type + "|" + change.personId() + "|" + attainment.scope() + "|"
        + attainment.stage() + "|" + change.version()).toString();
    return message(change, new CloudEvent(id, SOURCE, type, change.personId().toString(), time, data));
  }

  private JsonObject base(PassportChange change, String competencyNumber, String stage) {
    Competency competency = framework.competency(competencyNumber).orElseThrow();
    return new JsonObject()
        .put("personId", change.personId().toString())
        .put("passportVersion", change.version())
        .put("competency", new JsonObject()
            .put("number", competency.number())
            .put("iri", competency.iri())
            .put("title", competency.title()))
        .put("stage", stage);
  }

  private static OutboxMessage message(PassportChange change, CloudEvent event) {
    return new OutboxMessage(Topics.PASSPORT_UPDATES, change.personId().toString(), event);
  }
}
