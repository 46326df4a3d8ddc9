package org.ahphub.mapper;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.ahphub.mapper.access.PassportAccess;
import org.ahphub.platform.crypto.SecretBox;
import org.ahphub.mapper.access.SharingConfig;
import org.ahphub.mapper.access.pg.PgAccessStore;
import org.ahphub.mapper.credentials.CredentialIssuer;
import org.ahphub.mapper.credentials.pg.PgIssuedCredentialStore;
import org.ahphub.mapper.framework.Framework;
import org.ahphub.mapper.http.AdminRoutes;
import org.ahphub.mapper.http.CredentialRoutes;
import org.ahphub.platform.http.ApiRoutes;
import org.ahphub.mapper.http.LearnerRoutes;
import org.ahphub.mapper.http.RelationshipRoutes;
import org.ahphub.mapper.http.SubscriptionRoutes;
import org.ahphub.mapper.service.PassportService;
import org.ahphub.mapper.webhooks.CallbackUrlPolicy;
import org.ahphub.mapper.webhooks.RetrySchedule;
import org.ahphub.mapper.webhooks.WebhookDispatcherVerticle;
import org.ahphub.mapper.webhooks.WebhookEventsVerticle;
import org.ahphub.mapper.webhooks.WebhookSender;
import org.ahphub.mapper.webhooks.WebhookSubscriptions;
import org.ahphub.mapper.webhooks.pg.PgSubscriptionStore;
import org.ahphub.platform.identity.PgOrganisationDirectory;
import org.ahphub.platform.kafka.KafkaSettings;

/** Wiring for sharing passports (issue 5): access control, admin, learner view, webhooks. */
final class SharingWiring {

  final PassportAccess access;
  private final SharingConfig config;
  private final PgSubscriptionStore subscriptions;
  private final WebhookSender sender;
  private final List<ApiRoutes> routes;
  private final CredentialIssuer issuer;

  SharingWiring(Vertx vertx, Pool pool, SharingConfig config, Framework framework, PassportService passports,
      Consumer<String> credentialChanged) {
    this.config = config;
    SecretBox box = SecretBox.fromConfig(config.keyEncryptionKey());
    this.access = new PassportAccess(new PgAccessStore(pool));
    PgOrganisationDirectory directory = new PgOrganisationDirectory(vertx, pool);
    CallbackUrlPolicy policy = new CallbackUrlPolicy(config.devMode());
    this.subscriptions = new PgSubscriptionStore(pool, box);
    this.sender = new WebhookSender(vertx, policy, config.connectTimeout(), config.readTimeout(),
        config.maxInFlightPerEndpoint());
    this.issuer = new CredentialIssuer(framework, new PgIssuedCredentialStore(pool, box), config.publicUrl());
    LearnerRoutes learner = new LearnerRoutes(access, passports, directory);
    this.routes = List.of(
        new AdminRoutes(directory, access, credentialChanged),
        new RelationshipRoutes(access),
        learner,
        new CredentialRoutes(issuer, passports, access, learner.learnerAuthentication()),
        new SubscriptionRoutes(new WebhookSubscriptions(vertx, subscriptions, policy, sender)));
  }

  /** The given features followed by the sharing ones. */
  List<ApiRoutes> withRoutes(ApiRoutes... features) {
    List<ApiRoutes> all = new ArrayList<>(List.of(features));
    all.addAll(routes);
    return all;
  }

  /** Deploys the passport.updates consumer and the dispatcher; returns the deployment ids. */
  Future<List<String>> deploy(Vertx vertx, KafkaSettings kafka, String consumerGroup) {
    List<String> ids = new ArrayList<>();
    if (!config.dispatch()) {
      return issuer.start().map(ids);
    }
    long lease = config.connectTimeout().plus(config.readTimeout()).toSeconds() + 30;
    var settings = new WebhookDispatcherVerticle.Settings(config.maxInFlightPerEndpoint(),
        new RetrySchedule(config.retryBase(), config.retryMaxDelay(), config.retryFor()), lease);
    return issuer.start()
        .compose(v -> vertx.deployVerticle(new WebhookEventsVerticle(kafka, consumerGroup + "-webhooks", subscriptions,
            issuer::onPassportEvent)))
        .onSuccess(ids::add)
        .compose(v -> vertx.deployVerticle(new WebhookDispatcherVerticle(subscriptions, sender, settings)))
        .onSuccess(ids::add)
        .map(ids);
  }
}
