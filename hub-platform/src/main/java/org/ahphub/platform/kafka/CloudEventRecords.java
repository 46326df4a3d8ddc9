package org.ahphub.platform.kafka;

import io.vertx.kafka.client.producer.KafkaProducerRecord;
import org.ahphub.events.CloudEvent;

/**
 * Kafka records carrying a CloudEvent. The hub writes CloudEvents in structured mode (the whole event, its
 * attributes and {@code data}, as one JSON value), so by the CloudEvents Kafka protocol binding the record's
 * {@value #CONTENT_TYPE_HEADER} header is {@value #STRUCTURED_CONTENT_TYPE}: a consumer can tell the
 * encoding without reading the value.
 */
public final class CloudEventRecords {

  public static final String CONTENT_TYPE_HEADER = "content-type";
  public static final String STRUCTURED_CONTENT_TYPE = CloudEvent.CONTENT_TYPE + "; charset=UTF-8";

  private CloudEventRecords() {}

  /** A record of {@code event}, structured-mode JSON, keyed by {@code key}. */
  public static KafkaProducerRecord<String, String> record(String topic, String key, String event) {
    return KafkaProducerRecord.create(topic, key, event).addHeader(CONTENT_TYPE_HEADER, STRUCTURED_CONTENT_TYPE);
  }
}
