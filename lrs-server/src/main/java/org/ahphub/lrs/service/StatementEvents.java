package org.ahphub.lrs.service;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import org.ahphub.events.CloudEvent;
import org.ahphub.events.EventTypes;
import org.ahphub.events.Topics;
import org.ahphub.platform.outbox.OutboxMessage;

/** The {@code lrs.statements} contract: one CloudEvent per stored statement, keyed by learner. */
final class StatementEvents {

  static final String SOURCE = "/xapi/statements";

  private StatementEvents() {}

  static OutboxMessage stored(String statementId, String learnerKey, boolean voiding, Instant stored,
      JsonObject statement) {
    CloudEvent event = new CloudEvent(statementId, SOURCE,
        voiding ? EventTypes.STATEMENT_VOIDED : EventTypes.STATEMENT_STORED, learnerKey, stored, statement);
    return new OutboxMessage(Topics.LRS_STATEMENTS, learnerKey, event);
  }
}
