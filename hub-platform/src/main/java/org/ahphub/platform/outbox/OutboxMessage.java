package org.ahphub.platform.outbox;

import org.ahphub.events.CloudEvent;

/** An event to publish on {@code topic} under {@code key}, written in the business transaction. */
public record OutboxMessage(String topic, String key, CloudEvent event) {}
