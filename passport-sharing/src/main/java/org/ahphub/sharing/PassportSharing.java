package org.ahphub.sharing;

import org.ahphub.sharing.retention.Retention;
import org.ahphub.sharing.retention.RetentionVerticle;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import org.ahphub.platform.crypto.SecretBox;
import org.ahphub.platform.http.ApiRoutes;
import org.ahphub.platform.identity.PgOrganisationDirectory;
import org.ahphub.platform.kafka.KafkaSettings;
import org.ahphub.sharing.access.PassportAccess;
import org.ahphub.sharing.access.pg.PgAccessStore;
import org.ahphub.sharing.access.pg.PgSharingPersonalData;
import org.ahphub.platform.privacy.PersonalData;
import org.ahphub.sharing.http.AdminRoutes;
import org.ahphub.sharing.http.LearnerRoutes;
import org.ahphub.sharing.http.RelationshipRoutes;
import org.ahphub.sharing.http.SignInRoutes;
import org.ahphub.sharing.http.SubscriptionRoutes;
import org.ahphub.sharing.webhooks.CallbackUrlPolicy;
import org.ahphub.sharing.webhooks.RetrySchedule;
import org.ahphub.sharing.webhooks.WebhookDispatcherVerticle;
import org.ahphub.sharing.webhooks.WebhookMetrics;
import org.ahphub.platform.metrics.HubMetrics;
import org.ahphub.sharing.webhooks.WebhookEventsVerticle;
import org.ahphub.sharing.webhooks.WebhookSender;
import org.ahphub.sharing.webhooks.WebhookSubscriptions;
import org.ahphub.sharing.webhooks.pg.PgSubscriptionStore;

/**
 * Passport sharing wired on a pool: access control, the admin API, the learner's own view, relationships,
 * webhook subscriptions and their delivery. The composition root mounts {@link #routes()} on its HTTP
 * server, deploys {@link #deploy}, and moves sharing's rows in its person merges ({@link #moveToSurvivor}).
 */
public final class PassportSharing {

  private final SharingConfig config;
  private final PassportAccess access;
  private final PgSubscriptionStore subscriptions;
  private final WebhookSender sender;
  private final LearnerRoutes learner;
  private final Retention retention;
  private final List<ApiRoutes> routes;
  private final WebhookMetrics webhookMetrics;

  /**
   * @param passports the port sharing reads passports through
   * @param people the port sharing finds the person of an OpenID Connect sign-in through
   * @param credentialChanged told the key of an organisation credential rotated or revoked (to forget it)
   */
  public PassportSharing(Vertx vertx, Pool pool, SharingConfig config, PassportReader passports,
      PersonResolver people, Consumer<String> credentialChanged) {
    this.config = config;
    SecretBox box = SecretBox.fromConfig(config.keyEncryptionKey());
    this.access = new PassportAccess(new PgAccessStore(pool));
    this.retention = new Retention(pool, config.retention());
    PgOrganisationDirectory directory = new PgOrganisationDirectory(vertx, pool);
    CallbackUrlPolicy policy = new CallbackUrlPolicy(config.devMode());
    this.subscriptions = new PgSubscriptionStore(pool, box);
    this.sender = new WebhookSender(vertx, policy, config.connectTimeout(), config.readTimeout(),
        config.maxInFlightPerEndpoint());
    this.learner = new LearnerRoutes(access, passports, directory);
    this.webhookMetrics = new WebhookMetrics(HubMetrics.of(vertx), pool);
    this.routes = List.of(
        new AdminRoutes(directory, access, credentialChanged),
        new RelationshipRoutes(access),
        learner,
        new SignInRoutes(vertx, config.oidc(), box.derive("oidc-sign-in-cookie"), access, people,
            java.time.Clock.systemUTC()),
        new SubscriptionRoutes(new WebhookSubscriptions(vertx, subscriptions, policy, sender)));
  }

  /** What sharing holds about a person, for exports and erasures. */
  public PersonalData personalData(Vertx vertx, Pool pool) {
    return new PgSharingPersonalData(vertx, pool, subscriptions);
  }

  /** Who may see whom: the one place access is decided and reads are audited. */
  public PassportAccess access() {
    return access;
  }

  /** The handler that signs a person in with a learner token, for other features' {@code /me/...} routes. */
  public Handler<RoutingContext> learnerAuthentication() {
    return learner.learnerAuthentication();
  }

  /** Sharing's routes: admin, relationships, the learner's view, webhook subscriptions. */
  public List<ApiRoutes> routes() {
    return routes;
  }

  /**
   * Deploys the {@code passport.updates} consumer (group {@code <consumerGroup>-webhooks}) and the dispatcher
   * when this process dispatches webhooks ({@code WEBHOOK_DISPATCH}); returns the deployment ids.
   */
  public Future<List<String>> deploy(Vertx vertx, KafkaSettings kafka, String consumerGroup) {
    List<String> ids = new ArrayList<>();
    Future<String> retained = vertx.deployVerticle(new RetentionVerticle(retention, RETENTION_INTERVAL.toMillis()))
        .onSuccess(ids::add);
    if (!config.dispatch()) {
      return retained.map(ids);
    }
    long lease = config.connectTimeout().plus(config.readTimeout()).toSeconds() + 30;
    var settings = new WebhookDispatcherVerticle.Settings(config.maxInFlightPerEndpoint(),
        new RetrySchedule(config.retryBase(), config.retryMaxDelay(), config.retryFor()), lease);
    return retained.compose(v -> vertx.deployVerticle(new WebhookEventsVerticle(kafka, webhookConsumerGroup(consumerGroup),
            subscriptions)))
        .onSuccess(ids::add)
        .compose(v -> vertx.deployVerticle(new WebhookDispatcherVerticle(subscriptions, sender, settings, webhookMetrics)))
        .onSuccess(ids::add)
        .map(ids);
  }

  /** How often the retention job runs. */
  static final java.time.Duration RETENTION_INTERVAL = java.time.Duration.ofHours(1);

  /** The retention job, for an operator command or a test to run at once. */
  public Retention retention() {
    return retention;
  }

  /** The consumer group the webhook queueing consumes {@code passport.updates} in. */
  public static String webhookConsumerGroup(String consumerGroup) {
    return consumerGroup + "-webhooks";
  }

  /**
   * Person {@code merged} was merged into {@code survivor}: the relationships, grants and share codes held against
   * {@code merged} move to {@code survivor}, on the merge's connection so they move in its transaction; what moved
   * goes back when the merge is undone.
   */
  public static Future<JsonObject> moveToSurvivor(SqlConnection connection, UUID merged, UUID survivor) {
    return PgAccessStore.moveToSurvivor(connection, merged, survivor);
  }

  /** Undoing a merge: what {@link #moveToSurvivor} moved goes back to the restored person. */
  public static Future<Void> moveBack(SqlConnection connection, JsonObject moved, UUID restored) {
    return PgAccessStore.moveBack(connection, moved, restored);
  }
}
