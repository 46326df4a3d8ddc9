package org.ahphub.sharing.webhooks;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import io.vertx.kafka.client.consumer.KafkaConsumer;
import io.vertx.kafka.client.consumer.KafkaConsumerRecord;
import io.vertx.kafka.client.consumer.KafkaConsumerRecords;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.ahphub.events.CloudEvent;
import org.ahphub.events.Topics;
import org.ahphub.platform.kafka.CommittingPollLoop;
import org.ahphub.platform.kafka.KafkaSettings;
import org.ahphub.sharing.webhooks.SubscriptionStore.Event;
import org.ahphub.platform.trace.TraceParent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumes {@code passport.updates} in its own consumer group and queues each poll set-based (the same
 * two statements however many records it has): a delivery per matching subscription and event, a
 * person's events in poll order. The delivery row
 * (unique per subscription and event id) makes a redelivered record change nothing; offsets are
 * committed only after the rows are written. The dispatcher is woken as soon as they are.
 */
public final class WebhookEventsVerticle extends VerticleBase {

  public static final String WAKE_UP = "ahp.webhooks.wake-up";
  private static final Logger LOG = LoggerFactory.getLogger(WebhookEventsVerticle.class);
  private static final Duration POLL = Duration.ofMillis(100);

  private final KafkaSettings kafka;
  private final String group;
  private final SubscriptionStore store;
  private KafkaConsumer<String, String> consumer;
  private CommittingPollLoop loop;

  public WebhookEventsVerticle(KafkaSettings kafka, String group, SubscriptionStore store) {
    this.kafka = kafka;
    this.group = group;
    this.store = store;
  }

  @Override
  public Future<?> start() {
    consumer = KafkaConsumer.create(vertx, kafka.consumer(group));
    return CommittingPollLoop.subscribe(vertx, consumer, Topics.PASSPORT_UPDATES, "webhook events", POLL, this::queue)
        .onSuccess(started -> loop = started);
  }

  @Override
  public Future<?> stop() {
    return loop != null ? loop.close() : consumer.close();
  }

  /** The whole poll or nothing: on failure it is rewound and polled again, and queueing is idempotent. */
  private Future<Void> queue(KafkaConsumerRecords<String, String> records) {
    List<Event> events = readable(records);
    // Started from a completed future so that a store that throws fails the poll (and rewinds it) too.
    return Future.<Void>succeededFuture()
        .compose(v -> store.enqueue(events))
        .onSuccess(queued -> {
          LOG.debug("{} events queued as {} deliveries", events.size(), queued);
          if (queued > 0) {
            vertx.eventBus().publish(WAKE_UP, null);
          }
        })
        .<Void>mapEmpty()
        .recover(failure -> CommittingPollLoop.rewind(consumer, records, 0).compose(v -> Future.failedFuture(failure)));
  }

  /** The records as events, in poll order; an unreadable record is logged and skipped (retrying cannot mend it). */
  private static List<Event> readable(KafkaConsumerRecords<String, String> records) {
    List<Event> events = new ArrayList<>(records.size());
    for (int i = 0; i < records.size(); i++) {
      KafkaConsumerRecord<String, String> record = records.recordAt(i);
      try {
        events.add(event(record.value()).withTraceparent(traceOf(record)));
      } catch (RuntimeException unreadable) {
        LOG.error("skipping unreadable record {}-{}@{}: {}", record.topic(), record.partition(), record.offset(),
            unreadable.toString());
      }
    }
    return events;
  }

  /** The record's W3C trace, continued for the webhook request, or null. */
  private static String traceOf(KafkaConsumerRecord<String, String> record) {
    for (var header : record.headers()) {
      if (TraceParent.HEADER.equals(header.key())) {
        return TraceParent.parse(header.value().toString()).map(trace -> trace.child().header()).orElse(null);
      }
    }
    return null;
  }

  /** What the filters need from a {@code passport.updates} CloudEvent; the body is kept byte for byte. */
  public static Event event(String value) {
    CloudEvent cloudEvent = CloudEvent.fromJson(new JsonObject(value));
    if (cloudEvent.id() == null || cloudEvent.type() == null) {
      // Checked here: one such row would fail the whole poll's insert, again at every redelivery.
      throw new IllegalArgumentException("a CloudEvent without id or type");
    }
    JsonObject data = cloudEvent.data() == null ? new JsonObject() : cloudEvent.data();
    String person = cloudEvent.subject() != null ? cloudEvent.subject() : data.getString("personId");
    JsonObject competency = data.getJsonObject("competency");
    String number = competency == null ? null : competency.getString("number");
    String domain = number == null ? null : number.contains(".") ? number.substring(0, number.indexOf('.')) : number;
    return new Event(cloudEvent.id(), UUID.fromString(person), cloudEvent.type(), value, cloudEvent.time(), domain,
        data.getString("stage"));
  }
}
