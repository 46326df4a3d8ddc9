package org.ahphub.platform.outbox;

import org.ahphub.events.CloudEvent;

/**
 * An event to publish on {@code topic} under {@code key}, written in the business transaction; {@code traceparent}
 * (may be null) is the W3C trace it continues, sent as the record's {@code traceparent} header.
 */
public record OutboxMessage(String topic, String key, CloudEvent event, String traceparent) {

  public OutboxMessage(String topic, String key, CloudEvent event) {
    this(topic, key, event, null);
  }

  public OutboxMessage withTraceparent(String trace) {
    return new OutboxMessage(topic, key, event, trace);
  }
}
