package org.ahphub.mapper.webhooks;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import io.vertx.kafka.client.consumer.KafkaConsumer;
import io.vertx.kafka.client.consumer.KafkaConsumerRecord;
import io.vertx.kafka.client.consumer.KafkaConsumerRecords;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.ahphub.events.CloudEvent;
import org.ahphub.events.Topics;
import org.ahphub.mapper.webhooks.SubscriptionStore.Event;
import org.ahphub.platform.kafka.CommittingPollLoop;
import org.ahphub.platform.kafka.KafkaSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumes {@code passport.updates} in its own consumer group and queues a delivery per matching
 * subscription. The delivery row (unique per subscription and event id) makes a redelivered record
 * change nothing; offsets are committed only after the rows are written, records applied in order.
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

  private final java.util.function.Function<Event, Future<Void>> beforeQueueing;

  /** {@code beforeQueueing} runs first for every event (credential revocation); it must be idempotent too. */
  public WebhookEventsVerticle(KafkaSettings kafka, String group, SubscriptionStore store,
      java.util.function.Function<Event, Future<Void>> beforeQueueing) {
    this.kafka = kafka;
    this.group = group;
    this.store = store;
    this.beforeQueueing = beforeQueueing;
  }

  @Override
  public Future<?> start() {
    consumer = KafkaConsumer.create(vertx, kafka.consumer(group));
    return consumer.subscribe(Topics.PASSPORT_UPDATES).onSuccess(v -> {
      loop = new CommittingPollLoop(vertx, consumer, "webhook events", POLL, records -> queueFrom(records, 0),
          () -> vertx.eventBus().publish(WAKE_UP, null));
      loop.start();
    });
  }

  @Override
  public Future<?> stop() {
    if (loop != null) {
      loop.stop();
    }
    return consumer.close();
  }

  private Future<Void> queueFrom(KafkaConsumerRecords<String, String> records, int index) {
    if (index == records.size()) {
      return Future.succeededFuture();
    }
    KafkaConsumerRecord<String, String> record = records.recordAt(index);
    return queueOne(record).compose(v -> queueFrom(records, index + 1),
        failure -> CommittingPollLoop.rewind(consumer, records, index).compose(v -> Future.failedFuture(failure)));
  }

  private Future<Void> queueOne(KafkaConsumerRecord<String, String> record) {
    Event event;
    try {
      event = event(record.value());
    } catch (RuntimeException unreadable) {
      LOG.error("skipping unreadable record {}-{}@{}: {}", record.topic(), record.partition(), record.offset(),
          unreadable.toString());
      return Future.succeededFuture();
    }
    return beforeQueueing.apply(event).compose(v -> store.enqueue(event))
        .onSuccess(n -> LOG.debug("event {} for person {} queued for {} subscriptions", event.id(), event.personId(), n))
        .mapEmpty();
  }

  /** What the filters need from a {@code passport.updates} CloudEvent; the body is kept byte for byte. */
  static Event event(String value) {
    CloudEvent cloudEvent = CloudEvent.fromJson(new JsonObject(value));
    JsonObject data = cloudEvent.data() == null ? new JsonObject() : cloudEvent.data();
    String person = cloudEvent.subject() != null ? cloudEvent.subject() : data.getString("personId");
    JsonObject competency = data.getJsonObject("competency");
    String number = competency == null ? null : competency.getString("number");
    String domain = number == null ? null : number.contains(".") ? number.substring(0, number.indexOf('.')) : number;
    return new Event(cloudEvent.id(), UUID.fromString(person), cloudEvent.type(), value, cloudEvent.time(), domain,
        data.getString("stage"));
  }
}
