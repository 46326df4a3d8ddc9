package org.ahphub.mapper.service;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.ahphub.events.CloudEvent;
import org.ahphub.events.EventTypes;
import org.ahphub.mapper.events.PassportEvents;
import org.ahphub.mapper.framework.Competency;
import org.ahphub.mapper.framework.Framework;
import org.ahphub.mapper.framework.NameBasedUuid;
import org.ahphub.mapper.rules.Credit;
import org.ahphub.mapper.rules.ExplicitAlignmentRule;
import org.ahphub.mapper.store.PassportStore;
import org.ahphub.mapper.store.PassportStore.EvidenceRow;
import org.ahphub.mapper.store.PassportStore.PassportChange;
import org.ahphub.mapper.store.PassportStore.StatementOutcome;
import org.ahphub.xapi.Actors;

/** Turns statement events into passport changes, and reads passports. */
public final class PassportService {

  /** Person ids are name-based on the first identifier seen: opaque, stable, no e-mail inside. */
  private static final UUID PERSON_NAMESPACE = UUID.fromString("a7d4c1b2-5e0f-5c3a-8b6d-9e2f1a4c7b30");

  private final Framework framework;
  private final ExplicitAlignmentRule explicitAlignment;
  private final PassportEvents events;
  private final PassportStore store;

  public PassportService(Framework framework, PassportStore store) {
    this.framework = framework;
    this.explicitAlignment = new ExplicitAlignmentRule(framework);
    this.events = new PassportEvents(framework);
    this.store = store;
  }

  /** Applies what one {@code lrs.statements} event means; a redelivered event changes nothing. */
  public Future<List<PassportChange>> apply(StatementOutcome outcome) {
    return store.apply(outcome, events::of);
  }

  /**
   * What the rules make of one statement event. Pure; throws {@link IllegalArgumentException} for an
   * event that is not a readable statement, which no retry can fix.
   */
  public StatementOutcome outcome(CloudEvent event) {
    JsonObject statement = event.data();
    if (statement == null) {
      throw new IllegalArgumentException("event " + event.id() + " carries no statement");
    }
    String identifierKey = Actors.learnerKey(statement);
    UUID statementId = UUID.fromString(statement.getString("id"));
    JsonObject authority = statement.getJsonObject("authority");
    String source = authority == null ? null : authority.getString("name");
    if (EventTypes.STATEMENT_VOIDED.equals(event.type())) {
      UUID target = UUID.fromString(statement.getJsonObject("object").getString("id"));
      return new StatementOutcome(statementId, identifierKey, personIdFor(identifierKey), source, List.of(), target);
    }
    List<Credit> credits = explicitAlignment.credits(statement);
    return new StatementOutcome(statementId, identifierKey, personIdFor(identifierKey), source, credits, null);
  }

  static UUID personIdFor(String identifierKey) {
    return NameBasedUuid.v5(PERSON_NAMESPACE, identifierKey);
  }

  public Future<Optional<UUID>> personFor(JsonObject agent) {
    return Actors.identifierKey(agent)
        .map(store::personFor)
        .orElseGet(() -> Future.succeededFuture(Optional.empty()));
  }

  /** The passport as JSON: every held competency x stage with its evidence, in framework order. */
  public Future<Optional<JsonObject>> passport(UUID personId) {
    return store.passport(personId).map(found -> found.map(this::toJson));
  }

  private JsonObject toJson(PassportStore.Passport passport) {
    Map<String, Map<String, List<EvidenceRow>>> byCompetency = new LinkedHashMap<>();
    for (EvidenceRow row : passport.evidence()) {
      byCompetency.computeIfAbsent(row.competencyNumber(), k -> new LinkedHashMap<>())
          .computeIfAbsent(row.stage(), k -> new ArrayList<>()).add(row);
    }
    JsonArray competencies = new JsonArray();
    for (Competency competency : framework.competencies()) {
      Map<String, List<EvidenceRow>> stages = byCompetency.get(competency.number());
      if (stages == null) {
        continue;
      }
      JsonArray held = new JsonArray();
      stages.forEach((stage, rows) -> held.add(new JsonObject()
          .put("stage", stage)
          .put("evidence", new JsonArray(rows.stream().map(PassportService::evidenceJson).toList()))));
      competencies.add(new JsonObject()
          .put("number", competency.number())
          .put("iri", competency.iri())
          .put("title", competency.title())
          .put("stages", held));
    }
    return new JsonObject()
        .put("personId", passport.personId().toString())
        .put("version", passport.version())
        .put("updatedAt", passport.updatedAt().toString())
        .put("framework", framework.iri())
        .put("competencies", competencies);
  }

  private static JsonObject evidenceJson(EvidenceRow row) {
    return new JsonObject()
        .put("statementId", row.statementId().toString())
        .put("rule", new JsonObject().put("id", row.ruleId()).put("version", row.ruleVersion()))
        .put("kind", row.kind())
        .put("sourceOrganisation", row.sourceOrganisation())
        .put("achievedAt", row.achievedAt().toString())
        .put("creditedAt", row.creditedAt().toString());
  }
}
