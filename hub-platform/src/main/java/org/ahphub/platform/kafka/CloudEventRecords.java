package org.ahphub.platform.kafka;

import io.vertx.kafka.client.producer.KafkaProducerRecord;
import org.ahphub.events.CloudEvent;
import org.ahphub.platform.trace.TraceParent;

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

  /**
   * The same, continuing the trace of the request that caused the event ({@code traceparent} as stored with it;
   * null or malformed: none) with a new parent id for this hop, as both relays publish.
   */
  public static KafkaProducerRecord<String, String> record(String topic, String key, String event, String traceparent) {
    KafkaProducerRecord<String, String> record = record(topic, key, event);
    TraceParent.parse(traceparent).ifPresent(trace -> record.addHeader(TraceParent.HEADER, trace.child().header()));
    return record;
  }
}
