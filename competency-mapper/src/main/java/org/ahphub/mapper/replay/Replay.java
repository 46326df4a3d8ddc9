package org.ahphub.mapper.replay;

import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.time.Duration;
import java.time.Period;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.ahphub.events.Topics;
import org.ahphub.mapper.framework.Framework;
import org.ahphub.mapper.messages.StatementEvent;
import org.ahphub.mapper.service.IdentifierAsserters;
import org.ahphub.mapper.service.PassportService;
import org.ahphub.platform.crypto.SecretBox;
import org.ahphub.platform.identity.PgOrganisationDirectory;
import org.ahphub.platform.privacy.SubjectKeys;
import org.ahphub.mapper.service.UnreadableStatement;
import org.ahphub.mapper.store.PassportStore.StatementOutcome;
import org.ahphub.mapper.store.pg.PgStores;
import org.ahphub.platform.db.DatabaseConfig;
import org.ahphub.platform.db.Databases;
import org.ahphub.platform.kafka.KafkaSettings;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rebuilds passport state from the statement log into a fresh database and compares it with the live
 * state. The log is {@code lrs.statements} read from the beginning (every partition, up to its end
 * when the replay starts). Reference data that is not in the statement log is copied from the live
 * state first: the activity catalogue and the identifiers organisations linked to people. To compare at
 * a consistent cut while the live mapper keeps running, only statements the live mapper has already
 * applied are replayed; the report counts the others. Expiry is brought up to date on both sides
 * before comparing. Blocking: run it from a main thread or a test, never on an event loop.
 */
public final class Replay {

  private static final Logger LOG = LoggerFactory.getLogger(Replay.class);

  /** What the replay did and found. {@code onlyLive}/{@code onlyRebuilt} are state lines present on one side only. */
  public record Report(long logRecords, long replayed, long notYetLive, long unreadable, long liveLines,
      long rebuiltLines, List<String> onlyLive, List<String> onlyRebuilt, Duration took) {

    public boolean equal() {
      return onlyLive.isEmpty() && onlyRebuilt.isEmpty();
    }

    public String describe() {
      StringBuilder text = new StringBuilder()
          .append("statement log records  ").append(logRecords).append('\n')
          .append("replayed               ").append(replayed).append('\n')
          .append("not yet applied live   ").append(notYetLive).append(" (skipped)\n")
          .append("unreadable (dead-letter) ").append(unreadable).append('\n')
          .append("live state lines       ").append(liveLines).append('\n')
          .append("rebuilt state lines    ").append(rebuiltLines).append('\n')
          .append("took                   ").append(took.toMillis()).append(" ms\n")
          .append(equal() ? "EQUAL: the rebuilt passport state equals the live state\n"
              : "DIFFERENT: " + onlyLive.size() + " lines only live, " + onlyRebuilt.size() + " only rebuilt\n");
      onlyLive.stream().limit(20).forEach(line -> text.append("  live only:    ").append(line).append('\n'));
      onlyRebuilt.stream().limit(20).forEach(line -> text.append("  rebuilt only: ").append(line).append('\n'));
      return text.toString();
    }
  }

  private Replay() {}

  /**
   * Rebuilds into {@code fresh} (an empty database: it is migrated here) and compares with {@code live}.
   * {@code fireSafetyRenewal} must be the live mapper's ({@code MAPPER_FIRE_SAFETY_RENEWAL}), or fire safety
   * credits rebuild with other validity ends.
   */
  public static Report run(Vertx vertx, DatabaseConfig live, DatabaseConfig fresh, KafkaSettings kafka, Clock clock,
      Period fireSafetyRenewal) {
    return run(vertx, live, fresh, kafka, clock, fireSafetyRenewal, SecretBox.fromConfig(null));
  }

  /**
   * The same, opening sealed statements with the learners' keys under {@code box} (the hub's key-encryption key):
   * statements of erased learners are counted as unreadable and credit nothing, as they did in the live mapper
   * after the erasure.
   */
  public static Report run(Vertx vertx, DatabaseConfig live, DatabaseConfig fresh, KafkaSettings kafka, Clock clock,
      Period fireSafetyRenewal, SecretBox box) {
    long started = System.nanoTime();
    Framework framework = Framework.load();
    Databases.migrate(vertx, fresh, "mapper").await();
    Pool livePool = Databases.pool(vertx, live);
    Pool freshPool = Databases.pool(vertx, fresh);
    try {
      // Both judge asserted identifiers by the live organisation directory, as the live mapper did.
      IdentifierAsserters asserters = IdentifierAsserters.of(new PgOrganisationDirectory(vertx, livePool));
      PassportService liveService = service(framework, livePool, clock, fireSafetyRenewal, asserters);
      PassportService rebuilt = service(framework, freshPool, clock, fireSafetyRenewal, asserters);
      SubjectKeys keys = new SubjectKeys(livePool, box);
      rebuilt.putCatalogue(new ArrayList<>(liveService.catalogueEntries().await().values()), true).await();
      rebuilt.stores().replay().importLinks(liveService.stores().replay().links().await()).await();
      Set<UUID> applied = liveService.stores().replay().processedStatementIds().await();
      long[] counts = replayLog(kafka, rebuilt, keys, applied);
      liveService.runExpiry().await();
      rebuilt.runExpiry().await();
      List<String> liveLines = liveService.stores().replay().snapshot().await();
      List<String> rebuiltLines = rebuilt.stores().replay().snapshot().await();
      Set<String> liveSet = new HashSet<>(liveLines);
      Set<String> rebuiltSet = new HashSet<>(rebuiltLines);
      List<String> onlyLive = liveLines.stream().filter(l -> !rebuiltSet.contains(l)).toList();
      List<String> onlyRebuilt = rebuiltLines.stream().filter(l -> !liveSet.contains(l)).toList();
      Report report = new Report(counts[0], counts[1], counts[2], counts[3], liveLines.size(), rebuiltLines.size(),
          onlyLive, onlyRebuilt, Duration.ofNanos(System.nanoTime() - started));
      LOG.info("replay: {} records, {} replayed, equal={}", counts[0], counts[1], report.equal());
      return report;
    } finally {
      livePool.close().await();
      freshPool.close().await();
    }
  }

  private static PassportService service(Framework framework, Pool pool, Clock clock, Period fireSafetyRenewal,
      IdentifierAsserters asserters) {
    return new PassportService(framework, PgStores.on(pool, PassportService.attainment(framework, clock)), clock,
        fireSafetyRenewal, asserters);
  }

  /** Applies the log in order per partition; returns {records, replayed, not yet live, unreadable}. */
  private static long[] replayLog(KafkaSettings kafka, PassportService rebuilt, SubjectKeys keys, Set<UUID> applied) {
    long records = 0;
    long replayed = 0;
    long notYetLive = 0;
    long unreadable = 0;
    Map<String, String> config = new HashMap<>(kafka.consumer("replay-" + UUID.randomUUID()));
    config.put("max.poll.records", "2000");
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(new HashMap<>(config))) {
      List<TopicPartition> partitions = new ArrayList<>();
      for (PartitionInfo info : consumer.partitionsFor(Topics.LRS_STATEMENTS)) {
        partitions.add(new TopicPartition(info.topic(), info.partition()));
      }
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
      while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
          TopicPartition partition = new TopicPartition(record.topic(), record.partition());
          if (record.offset() >= ends.get(partition)) {
            continue;
          }
          records++;
          StatementEvent event;
          try {
            event = StatementEvent.read(record.value()).opened(keys).await();
          } catch (RuntimeException e) {
            unreadable++; // not an event, or its learner was erased (SubjectErased)
            continue;
          }
          StatementOutcome outcome;
          try {
            outcome = rebuilt.outcome(event).await();
          } catch (UnreadableStatement e) {
            unreadable++;
            continue;
          }
          if (!applied.contains(outcome.statementKey())) {
            notYetLive++;
            continue;
          }
          rebuilt.apply(outcome).await();
          replayed++;
        }
      }
    }
    return new long[] {records, replayed, notYetLive, unreadable};
  }
}
