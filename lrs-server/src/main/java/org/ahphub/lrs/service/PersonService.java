package org.ahphub.lrs.service;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.ahphub.lrs.store.PersonStore;
import org.ahphub.platform.identity.Principal;
import org.ahphub.platform.identity.Scopes;
import org.ahphub.xapi.Actors;

/**
 * People behind agents: the Agents resource's combined Person, and the identifier links the competency
 * mapper publishes on {@code passport.identities}, applied to the LRS's own copy.
 */
public final class PersonService {

  private static final String[] READ_SCOPES = {StatementService.SCOPE_READ, StatementService.SCOPE_READ_MINE,
      StatementService.SCOPE_ALL_READ, StatementService.SCOPE_ALL};

  private final PersonStore store;

  public PersonService(PersonStore store) {
    this.store = store;
  }

  /**
   * The Person for a valid Agent (or identified Group): its own identifier and, for the hub operator
   * ({@code admin}), every other one linked to the same person; just its own when the LRS knows no person
   * for it. Every organisation, {@code all} and {@code all/read} included, reads only its own store, so it
   * is not shown identifiers other organisations know the learner by (their e-mail hashes and accounts).
   */
  public Future<JsonObject> person(JsonObject agent, Principal principal) {
    if (!principal.hasAnyScope(READ_SCOPES)) {
      return Future.failedFuture(new XapiException.Forbidden(
          "this credential needs one of the scopes " + List.of(READ_SCOPES)));
    }
    Optional<String> key = Actors.identifierKey(agent);
    if (key.isEmpty()) {
      return Future.failedFuture(new XapiException.BadRequest("query.agent", "agent",
          "agent must be an Agent or identified Group with exactly one identifier"));
    }
    if (!principal.hasAnyScope(Scopes.ADMIN)) {
      return Future.succeededFuture(Persons.of(agent, Map.of()));
    }
    return store.identifiersOfPersonWith(key.get()).map(known -> Persons.of(agent, known));
  }

  /** Applies one event; applying it again, or an older one after it, changes nothing. */
  public Future<Void> apply(PersonIdentities identities) {
    return identities.mergedInto() == null
        ? store.replaceIdentifiers(identities.personId(), identities.identityVersion(), identities.identifiers())
        : store.mergeInto(identities.personId(), identities.mergedInto(), identities.identityVersion());
  }
}
