package org.ahphub.sharing.access.pg;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import org.ahphub.events.EventTypes;
import org.ahphub.platform.db.SqlResources;
import org.ahphub.platform.privacy.DataSubject;
import org.ahphub.platform.privacy.ErasureNotice;
import org.ahphub.platform.privacy.ExportArchive;
import org.ahphub.platform.privacy.ExportRows;
import org.ahphub.platform.privacy.PersonalData;
import org.ahphub.sharing.webhooks.SubscriptionStore;
import org.ahphub.sharing.webhooks.SubscriptionStore.Event;
import org.ahphub.sharing.webhooks.WebhookEventsVerticle;

/**
 * What sharing holds about a person: the organisations that may see them (relationships, grants, share codes), the
 * audit of every read, and the webhooks sent about them. Erasure first queues the notice
 * ({@link EventTypes#PASSPORT_ERASED}) to every organisation that may see the person now, so they delete their
 * copies, and then deletes the rest.
 */
public final class PgSharingPersonalData implements PersonalData {

  private static final String RELATIONSHIPS = sql("select-relationships-of");
  private static final String GRANTS = sql("select-grants-of");
  private static final String SHARE_CODES = sql("select-share-codes-of");
  private static final String AUDIT = sql("select-audit-of");
  private static final String DELIVERIES = sql("select-deliveries-of");
  private static final String ERASE = sql("erase-sharing");

  private final Vertx vertx;
  private final Pool pool;
  private final SubscriptionStore subscriptions;

  public PgSharingPersonalData(Vertx vertx, Pool pool, SubscriptionStore subscriptions) {
    this.vertx = vertx;
    this.pool = pool;
    this.subscriptions = subscriptions;
  }

  private static String sql(String name) {
    return SqlResources.load("sql/sharing/privacy/" + name + ".sql");
  }

  @Override
  public String part() {
    return "sharing";
  }

  @Override
  public Future<Void> export(DataSubject subject, ExportArchive archive) {
    Tuple people = Tuple.of((Object) subject.personIdArray());
    String heading = "Who may see your passport";
    return pool.preparedQuery(RELATIONSHIPS).execute(Tuple.of(subject.personIdArray(), (Object) subject.identifierKeyArray()))
        .compose(rows -> ExportRows.file(archive, "relationships.json", rows, heading,
            " employments and enrolments organisations recorded, and whether you accepted them (relationships.json)"))
        .compose(v -> pool.preparedQuery(GRANTS).execute(people))
        .compose(rows -> ExportRows.file(archive, "grants.json", rows, heading,
            " grants you gave organisations (grants.json)"))
        .compose(v -> pool.preparedQuery(SHARE_CODES).execute(people))
        .compose(rows -> ExportRows.file(archive, "share-codes.json", rows, heading,
            " share codes you made (share-codes.json)"))
        .compose(v -> pool.preparedQuery(AUDIT).execute(people))
        .compose(rows -> ExportRows.file(archive, "audit.json", rows, "Who looked and what changed",
            " entries in the audit of your passport: every read by an organisation, every link and join (audit.json)"))
        .compose(v -> pool.preparedQuery(DELIVERIES).execute(people))
        .compose(rows -> ExportRows.file(archive, "webhook-deliveries.json", rows, "Who looked and what changed",
            " updates about you sent to organisations' systems (webhook-deliveries.json)"));
  }

  @Override
  public Future<Void> erase(DataSubject subject) {
    // Read as the webhook consumer reads the same event from passport.updates: one delivery per subscription and id.
    Event event = WebhookEventsVerticle.event(ErasureNotice.of(subject).toJson().encode());
    return subscriptions.enqueue(List.of(event))
        .onSuccess(queued -> {
          if (queued > 0) {
            vertx.eventBus().publish(WebhookEventsVerticle.WAKE_UP, null);
          }
        })
        .compose(queued -> pool.preparedQuery(ERASE).execute(Tuple.of(subject.personIdArray(),
            subject.identifierKeyArray(), EventTypes.PASSPORT_ERASED)))
        .mapEmpty();
  }
}
