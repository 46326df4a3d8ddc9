package org.ahphub.mapper.service;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.ahphub.platform.identity.OrganisationDirectory;
import org.ahphub.xapi.Actors;
import org.ahphub.platform.identity.OrganisationDirectory.Organisation;

/**
 * Which organisations may vouch for further identifiers of the people they post statements about
 * ({@link org.ahphub.xapi.HubExtensions#ASSERTED_IDENTIFIERS}). Only an e-learning platform (a kind the operator
 * gives an organisation), and only for its own accounts: it verified the e-mail addresses of its users, and the
 * statement's actor is one of them. Any other organisation could otherwise attach a stranger's address to a
 * record it controls and capture that person's learning.
 */
@FunctionalInterface
public interface IdentifierAsserters {

  /** Nobody may assert identifiers. */
  IdentifierAsserters NONE = (organisationId, actor) -> Future.succeededFuture(false);

  Future<Boolean> mayAssert(UUID organisationId, JsonObject actor);

  /** From the organisation directory, each organisation looked up at most once a minute. */
  static IdentifierAsserters of(OrganisationDirectory directory) {
    record Cached(Optional<Organisation> organisation, long at) {}
    Map<UUID, Cached> cache = new ConcurrentHashMap<>();
    long ttl = Duration.ofMinutes(1).toNanos();
    return (organisationId, actor) -> {
      Cached cached = cache.get(organisationId);
      Future<Optional<Organisation>> organisation = cached != null && System.nanoTime() - cached.at() < ttl
          ? Future.succeededFuture(cached.organisation())
          : directory.organisation(organisationId).onSuccess(found -> cache.put(organisationId,
              new Cached(found, System.nanoTime())));
      return organisation.map(found -> found.filter(o -> "e-learning-platform".equals(o.kind()))
          .map(o -> ownAccount(o.homePage(), actor)).orElse(false));
    };
  }

  private static boolean ownAccount(String homePage, JsonObject actor) {
    return actor.getValue("account") instanceof JsonObject account
        && account.getValue("homePage") instanceof String accountHome && Actors.sameHomePage(accountHome, homePage);
  }
}
