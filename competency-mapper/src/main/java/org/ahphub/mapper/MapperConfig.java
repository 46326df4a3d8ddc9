package org.ahphub.mapper;

import java.time.Period;
import java.time.format.DateTimeParseException;
import java.util.Map;
import org.ahphub.mapper.credentials.CredentialConfig;
import org.ahphub.platform.config.Env;
import org.ahphub.platform.config.HubMode;
import org.ahphub.platform.identity.AuthSettings;
import org.ahphub.platform.db.DatabaseConfig;
import org.ahphub.platform.kafka.KafkaSettings;
import org.ahphub.sharing.SharingConfig;

/**
 * Everything the competency mapper reads from its environment.
 *
 * <ul>
 *   <li>{@code MAPPER_HTTP_PORT} (8081): passport and framework API
 *   <li>{@code MAPPER_CONSUMER_GROUP} (competency-mapper): Kafka consumer group on {@code lrs.statements};
 *       on {@code passport.updates}, credential revocation consumes as {@code <group>-credentials} and
 *       webhook queueing as {@code <group>-webhooks}
 *   <li>{@code MAPPER_OUTBOX_RELAY} (true): run the outbox relay ({@code passport.updates},
 *       {@code passport.identities}) in this process
 *   <li>{@code MAPPER_FIRE_SAFETY_RENEWAL} (P1Y): how long statutory and mandatory fire safety training
 *       counts, an ISO 8601 period of whole years or months from P1Y to P2Y (the Core Skills Training
 *       Framework lets an organisation renew it every one to two years)
 *   <li>{@code HUB_SUBJECT_KEY_CACHE} (PT1M): how long a process keeps a data subject's key it read (see
 *       {@link org.ahphub.platform.privacy.SubjectKeys}); an erasure reaches every process within it
 *   <li>the database ({@link DatabaseConfig}) and Kafka ({@link KafkaSettings}) variables
 *   <li>sharing: access and webhooks ({@link SharingConfig}); verifiable credentials ({@link CredentialConfig})
 *   <li>{@code HUB_HTTP_HOST} and {@code HUB_DEV_MODE} ({@link HubMode}): where the HTTP server listens;
 *       {@code HUB_AUTH_*} ({@link AuthSettings}): limits on failed credential checks
 * </ul>
 */
public record MapperConfig(int httpPort, String consumerGroup, boolean runOutboxRelay, Period fireSafetyRenewal,
    DatabaseConfig database, KafkaSettings kafka, SharingConfig sharing, CredentialConfig credentials,
    String httpHost, AuthSettings auth, java.time.Duration subjectKeyCache) {

  public static final String FIRE_SAFETY_RENEWAL = "MAPPER_FIRE_SAFETY_RENEWAL";
  public static final Period FIRE_SAFETY_SHORTEST = Period.ofYears(1);
  public static final Period FIRE_SAFETY_LONGEST = Period.ofYears(2);

  public MapperConfig {
    checkFireSafetyRenewal(fireSafetyRenewal, String.valueOf(fireSafetyRenewal));
  }

  public static MapperConfig fromEnv(Map<String, String> variables) {
    Env env = Env.of(variables);
    return new MapperConfig(
        env.integer("MAPPER_HTTP_PORT", 8081),
        env.string("MAPPER_CONSUMER_GROUP", "competency-mapper"),
        env.bool("MAPPER_OUTBOX_RELAY", true),
        fireSafetyRenewal(env.string(FIRE_SAFETY_RENEWAL, FIRE_SAFETY_SHORTEST.toString())),
        DatabaseConfig.fromEnv(env),
        KafkaSettings.fromEnv(env),
        SharingConfig.fromEnv(variables),
        CredentialConfig.fromEnv(variables),
        HubMode.fromEnv(env).httpHost(),
        AuthSettings.fromEnv(env),
        env.duration("HUB_SUBJECT_KEY_CACHE", org.ahphub.platform.privacy.SubjectKeys.CACHE_FOR));
  }

  private static Period fireSafetyRenewal(String text) {
    Period renewal;
    try {
      renewal = Period.parse(text);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(FIRE_SAFETY_RENEWAL + " must be an ISO 8601 period from "
          + FIRE_SAFETY_SHORTEST + " to " + FIRE_SAFETY_LONGEST + " (e.g. P1Y, P18M, P2Y), got '" + text + "'");
    }
    checkFireSafetyRenewal(renewal, text);
    return renewal;
  }

  /** Days are refused rather than guessed at: a year of days is not a year. */
  private static void checkFireSafetyRenewal(Period renewal, String shown) {
    if (renewal == null || renewal.getDays() != 0
        || renewal.toTotalMonths() < FIRE_SAFETY_SHORTEST.toTotalMonths()
        || renewal.toTotalMonths() > FIRE_SAFETY_LONGEST.toTotalMonths()) {
      throw new IllegalArgumentException(FIRE_SAFETY_RENEWAL + " must be whole years or months from "
          + FIRE_SAFETY_SHORTEST + " to " + FIRE_SAFETY_LONGEST
          + " (the Core Skills Training Framework renews fire safety every one to two years), got '" + shown + "'");
    }
  }
}
