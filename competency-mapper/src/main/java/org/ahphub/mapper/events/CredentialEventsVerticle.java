package org.ahphub.mapper.events;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import io.vertx.kafka.client.consumer.KafkaConsumer;
import io.vertx.kafka.client.consumer.KafkaConsumerRecord;
import io.vertx.kafka.client.consumer.KafkaConsumerRecords;
import java.time.Duration;
import java.util.UUID;
import org.ahphub.events.CloudEvent;
import org.ahphub.events.Topics;
import org.ahphub.mapper.credentials.CredentialIssuer;
import org.ahphub.mapper.credentials.CredentialIssuer.PassportUpdate;
import org.ahphub.platform.kafka.CommittingPollLoop;
import org.ahphub.platform.kafka.ConsumerOffsets;
import org.ahphub.platform.kafka.KafkaSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumes {@code passport.updates} in a consumer group of its own ({@code <group>-credentials}) and revokes
 * the credential of every competency x stage retracted or expired, whether or not this hub dispatches
 * webhooks. Revoking is idempotent (only live credentials are revoked), so a redelivered record changes
 * nothing; offsets are committed after the database writes, and a failed poll is rewound from the first
 * record not yet applied.
 */
public final class CredentialEventsVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(CredentialEventsVerticle.class);
  private static final Duration POLL = Duration.ofMillis(100);

  private final KafkaSettings kafka;
  private final String group;
  private final String predecessor;
  private final CredentialIssuer issuer;
  private KafkaConsumer<String, String> consumer;
  private CommittingPollLoop loop;

  /**
   * @param predecessor the group that revoked until now (the webhook consumer's): a new {@code group} starts
   *     where it stopped rather than replaying the topic, which would revoke credentials reissued since
   */
  public CredentialEventsVerticle(KafkaSettings kafka, String group, String predecessor, CredentialIssuer issuer) {
    this.kafka = kafka;
    this.group = group;
    this.predecessor = predecessor;
    this.issuer = issuer;
  }

  @Override
  public Future<?> start() {
    consumer = KafkaConsumer.create(vertx, kafka.consumer(group));
    return ConsumerOffsets.seed(vertx, kafka, Topics.PASSPORT_UPDATES, group, predecessor)
        .compose(seeded -> CommittingPollLoop.subscribe(vertx, consumer, Topics.PASSPORT_UPDATES,
            "credential revocation", POLL, this::revoke))
        .onSuccess(started -> loop = started);
  }

  @Override
  public Future<?> stop() {
    return loop != null ? loop.close() : consumer.close();
  }

  /** The records in order; on failure the poll is rewound to the record that failed. */
  private Future<Void> revoke(KafkaConsumerRecords<String, String> records) {
    return revokeFrom(records, 0);
  }

  /** Loops while each step answers at once, so a long poll stays shallow. */
  private Future<Void> revokeFrom(KafkaConsumerRecords<String, String> records, int from) {
    for (int i = from; i < records.size(); i++) {
      int index = i;
      Future<Void> done;
      try {
        done = update(records.recordAt(i)).map(issuer::onPassportEvent).orElseGet(Future::succeededFuture);
      } catch (RuntimeException failure) {
        done = Future.failedFuture(failure);
      }
      if (!done.isComplete()) {
        return done.compose(v -> revokeFrom(records, index + 1), failure -> rewound(records, index, failure));
      }
      if (done.failed()) {
        return rewound(records, index, done.cause());
      }
    }
    return Future.succeededFuture();
  }

  private Future<Void> rewound(KafkaConsumerRecords<String, String> records, int index, Throwable failure) {
    return CommittingPollLoop.rewind(consumer, records, index).compose(v -> Future.failedFuture(failure));
  }

  /** What revocation needs of a {@code passport.updates} record; an unreadable one is logged and skipped. */
  static java.util.Optional<PassportUpdate> update(KafkaConsumerRecord<String, String> record) {
    try {
      CloudEvent event = CloudEvent.fromJson(new JsonObject(record.value()));
      JsonObject data = event.data() == null ? new JsonObject() : event.data();
      String person = event.subject() != null ? event.subject() : data.getString("personId");
      JsonObject competency = data.getJsonObject("competency");
      if (event.type() == null || person == null) {
        throw new IllegalArgumentException("a CloudEvent without type or person");
      }
      return java.util.Optional.of(new PassportUpdate(event.type(), UUID.fromString(person),
          competency == null ? null : competency.getString("number"), data.getString("stage")));
    } catch (RuntimeException unreadable) {
      LOG.error("skipping unreadable record {}-{}@{}: {}", record.topic(), record.partition(), record.offset(),
          unreadable.toString());
      return java.util.Optional.empty();
    }
  }
}
