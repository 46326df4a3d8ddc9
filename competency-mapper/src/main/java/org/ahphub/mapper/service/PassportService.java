package org.ahphub.mapper.service;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Instant;
import java.time.Period;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.ahphub.events.EventTypes;
import org.ahphub.mapper.framework.Competency;
import org.ahphub.mapper.framework.Domain;
import org.ahphub.mapper.framework.Framework;
import org.ahphub.mapper.framework.NameBasedUuid;
import org.ahphub.mapper.framework.Stage;
import org.ahphub.mapper.messages.IdentityEvents;
import org.ahphub.mapper.messages.PassportEvents;
import org.ahphub.mapper.messages.StatementEvent;
import org.ahphub.mapper.rules.CatalogueEntry;
import org.ahphub.mapper.rules.Credit;
import org.ahphub.mapper.rules.CreditingRules;
import org.ahphub.mapper.rules.LearningRecords;
import org.ahphub.mapper.rules.PassportState;
import org.ahphub.mapper.rules.ReferenceData;
import org.ahphub.mapper.rules.RuleData;
import org.ahphub.mapper.rules.StatementView;
import org.ahphub.mapper.store.PassportStore;
import org.ahphub.mapper.store.PassportStore.EvidenceRow;
import org.ahphub.mapper.store.PassportStore.Passport;
import org.ahphub.mapper.store.PassportStore.PassportChange;
import org.ahphub.mapper.store.PassportStore.StatementOutcome;
import org.ahphub.mapper.store.PersonStore.IndexEvents;
import org.ahphub.mapper.store.PersonStore.Joiner;
import org.ahphub.mapper.store.PersonStore.LinkResult;
import org.ahphub.mapper.store.PersonStore.MergeRecord;
import org.ahphub.mapper.store.PersonStore.UnmergeResult;
import org.ahphub.platform.identity.OneTimeCodes;
import org.ahphub.mapper.store.Stores;
import org.ahphub.platform.outbox.OutboxMessage;
import org.ahphub.xapi.Actors;
import org.ahphub.xapi.HubExtensions;

/** Turns statement events into passport changes, runs expiry, links people, and reads passports. */
public final class PassportService {

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(PassportService.class);

  /** Person ids are name-based on the first identifier seen: opaque, stable, no e-mail inside. */
  private static final UUID PERSON_NAMESPACE = UUID.fromString("a7d4c1b2-5e0f-5c3a-8b6d-9e2f1a4c7b30");
  private static final int EXPIRY_BATCH = 1_000;

  private final Framework framework;
  private final CreditingRules rules;
  private final ReferenceData reference;
  private final PassportEvents events;
  private final Stores stores;
  private final PassportStore store;
  private final Catalogue catalogue;
  private final Clock clock;
  private final IdentifierAsserters asserters;

  /** With fire safety renewed yearly. */
  public PassportService(Framework framework, Stores stores, Clock clock) {
    this(framework, stores, clock, Period.ofYears(1));
  }

  /** With fire safety renewed after {@code fireSafetyRenewal} (one to two years, {@code MAPPER_FIRE_SAFETY_RENEWAL}). */
  public PassportService(Framework framework, Stores stores, Clock clock, Period fireSafetyRenewal) {
    this(framework, stores, clock, fireSafetyRenewal, IdentifierAsserters.NONE);
  }

  /** With {@code asserters} saying whose asserted identifiers of their learners are linked. */
  public PassportService(Framework framework, Stores stores, Clock clock, Period fireSafetyRenewal,
      IdentifierAsserters asserters) {
    this.asserters = asserters;
    this.framework = framework;
    this.rules = new CreditingRules(framework);
    this.reference = new ReferenceData(framework, RuleData.load(framework, fireSafetyRenewal), Map.of());
    this.events = new PassportEvents(framework);
    this.stores = stores;
    this.store = stores.passports();
    this.catalogue = new Catalogue(stores.catalogue(), 10_000);
    this.clock = clock;
  }

  /** How the store recomputes attainment: the framework's rules at the clock's current instant. */
  public static PassportStore.AttainmentFunction attainment(Framework framework, Clock clock) {
    return held -> PassportState.of(framework, held.stream()
        .map(v -> new PassportState.Validity(v.competencyNumber(), v.stage(), v.validUntil())).toList(),
        clock.instant()).attainmentKeys();
  }

  public Stores stores() {
    return stores;
  }

  public Clock clock() {
    return clock;
  }

  /** Applies what one {@code lrs.statements} event means; a redelivered event changes nothing. */
  public Future<List<PassportChange>> apply(StatementOutcome outcome) {
    return store.apply(outcome, events::of);
  }

  /** Applies a poll's outcomes in order in one transaction. */
  public Future<List<PassportChange>> applyAll(List<StatementOutcome> outcomes) {
    return store.applyAll(outcomes, events::of);
  }

  /**
   * As {@link #applyAll(List)}, each passport change's events carrying the W3C trace of the statement that
   * caused it ({@code traces}: statement key → traceparent; a change of several statements takes the first's).
   */
  public Future<List<PassportChange>> applyAll(List<StatementOutcome> outcomes, Map<UUID, String> traces) {
    if (traces.isEmpty()) {
      return applyAll(outcomes);
    }
    return store.applyAll(outcomes, change -> {
      String trace = change.changes().stream().map(evidence -> traces.get(evidence.statementKey()))
          .filter(java.util.Objects::nonNull).findFirst().orElse(null);
      List<OutboxMessage> messages = events.of(change);
      return trace == null ? messages : messages.stream().map(message -> message.withTraceparent(trace)).toList();
    });
  }

  /**
   * What the rules make of one statement event. Fails with {@link UnreadableStatement} for an event
   * that is not a readable statement, which no retry can fix; other failures (database) are transient.
   */
  public Future<StatementOutcome> outcome(StatementEvent event) {
    JsonObject statement = event.statement();
    if (statement == null) {
      return Future.failedFuture(new UnreadableStatement("event " + event.id() + " carries no statement", null));
    }
    String identifierKey;
    UUID statementId;
    UUID key;
    String source;
    try {
      identifierKey = Actors.learnerKey(statement);
      statementId = UUID.fromString(statement.getString("id"));
      key = event.keyOf(statementId);
      JsonObject authority = statement.getJsonObject("authority");
      source = authority == null ? null : authority.getString("name");
      if (EventTypes.STATEMENT_VOIDED.equals(event.type())) {
        // A void reaches only its own organisation's statement: the target is keyed by the voider's organisation.
        UUID target = UUID.fromString(statement.getJsonObject("object").getString("id"));
        return Future.succeededFuture(new StatementOutcome(key, statementId, event.organisation(), identifierKey,
            personIdFor(identifierKey), source, List.of(), event.keyOf(target), target));
      }
    } catch (RuntimeException e) {
      return Future.failedFuture(new UnreadableStatement("statement event " + event.id() + ": " + e.getMessage(), e));
    }
    StatementView view = new StatementView(statement);
    return catalogue.entriesFor(CreditingRules.catalogueKeys(view)).compose(entries -> {
      try {
        List<Credit> credits = rules.credits(view, reference.withCatalogue(entries));
        // Learning that credits nothing is listed as it is; a credited statement is evidence, not listed twice.
        PassportStore.LearningRecord learning = credits.isEmpty()
            ? LearningRecords.learningVerb(view).map(verb -> new PassportStore.LearningRecord(verb, view.achievedAt()))
                .orElse(null)
            : null;
        return Future.succeededFuture(new StatementOutcome(key, statementId, event.organisation(), identifierKey,
            personIdFor(identifierKey), source, credits, null, null, statedName(statement), detail(view), learning));
      } catch (RuntimeException e) {
        return Future.failedFuture(new UnreadableStatement("statement " + statementId + ": " + e.getMessage(), e));
      }
    }).compose(outcome -> linkAssertedIdentifiers(event, identifierKey).map(outcome));
  }

  /** What the statement said in words: its activity, platform and result, and the CSTF subject per competency. */
  private PassportStore.StatementDetail detail(StatementView view) {
    Map<String, String> subjects = new java.util.TreeMap<>();
    for (String activityId : view.alignedActivityIds()) {
      RuleData.Subject subject = reference.ruleData().subjectsByIri().get(activityId);
      if (subject != null) {
        subject.competencies().forEach(number -> subjects.putIfAbsent(number, subject.code()));
      }
    }
    return new PassportStore.StatementDetail(view.objectActivityId(), cut(view.objectActivityName()), cut(view.platform()),
        view.success(), view.completion(), view.scaledScore(), subjects, LearningRecords.kind(view),
        LearningRecords.assessorRole(view));
  }

  private static String cut(String text) {
    return text == null || text.length() <= 200 ? text : text.substring(0, 200);
  }

  /** The longest display name kept; longer ones are cut. */
  static final int MAX_NAME_LENGTH = 120;

  /**
   * The display name the statement gives an Agent actor ({@code actor.name}), with control characters and
   * surrounding space removed, as of the statement's timestamp (else its stored time); null when it gives none.
   */
  static PassportStore.StatedName statedName(JsonObject statement) {
    JsonObject actor = statement.getValue("actor") instanceof JsonObject a ? a : null;
    if (actor == null || "Group".equals(actor.getValue("objectType")) || !(actor.getValue("name") instanceof String raw)) {
      return null;
    }
    String name = raw.replaceAll("[\\p{Cntrl}\\p{Cf}]", " ").replaceAll("\\s+", " ").strip();
    if (name.isEmpty()) {
      return null;
    }
    if (name.length() > MAX_NAME_LENGTH) {
      name = name.substring(0, MAX_NAME_LENGTH).strip();
    }
    Instant at = instantOf(statement.getValue("timestamp"));
    if (at == null) {
      at = instantOf(statement.getValue("stored"));
    }
    return new PassportStore.StatedName(name, at == null ? Instant.EPOCH : at);
  }

  private static Instant instantOf(Object value) {
    if (!(value instanceof String text)) {
      return null;
    }
    try {
      return java.time.OffsetDateTime.parse(text).toInstant();
    } catch (java.time.format.DateTimeParseException e) {
      return null;
    }
  }

  /** The most asserted identifiers read from one statement. */
  private static final int MAX_ASSERTED = 5;

  /**
   * Links the identifiers the storing organisation vouches for ({@link HubExtensions#ASSERTED_IDENTIFIERS}) to the
   * actor's person, before the statement is applied, when the organisation may assert them (an e-learning
   * platform, about its own account): the actor's record joins the person holding one of them (a merge, announced
   * and undoable). Each link is its own transaction and changes nothing when repeated, so a redelivered statement
   * is harmless. Anything else in the extension is ignored.
   */
  private Future<Void> linkAssertedIdentifiers(StatementEvent event, String actorKey) {
    JsonObject statement = event.statement();
    JsonObject context = statement.getValue("context") instanceof JsonObject c ? c : null;
    JsonObject extensions = context != null && context.getValue("extensions") instanceof JsonObject e ? e : null;
    if (extensions == null || !(extensions.getValue(HubExtensions.ASSERTED_IDENTIFIERS) instanceof JsonArray asserted)
        || event.organisation() == null) {
      return Future.succeededFuture();
    }
    List<String> keys = new ArrayList<>();
    for (Object value : asserted) {
      if (keys.size() < MAX_ASSERTED && value instanceof JsonObject agent && (agent.containsKey("mbox")
          || agent.containsKey("mbox_sha1sum"))) {
        Actors.identifierKey(agent).filter(key -> !key.equals(actorKey)).ifPresent(keys::add);
      }
    }
    if (keys.isEmpty()) {
      return Future.succeededFuture();
    }
    return asserters.mayAssert(event.organisation(), statement.getJsonObject("actor")).compose(allowed -> {
      if (!allowed) {
        LOG.info("statement {}: organisation {} may not assert identifiers; ignored", statement.getString("id"),
            event.organisation());
        return Future.succeededFuture();
      }
      return linkEach(actorKey, keys, event.organisation(), 0);
    });
  }

  /**
   * Joins the actor's record and each asserted identifier's: to the person already holding the asserted identifier
   * (whoever signed in with that address or was known by it first), else the asserted identifier joins the actor's.
   */
  private Future<Void> linkEach(String actorKey, List<String> keys, UUID organisationId, int index) {
    if (index == keys.size()) {
      return Future.succeededFuture();
    }
    String asserted = keys.get(index);
    return stores.people().personFor(asserted)
        .compose(holder -> holder.isPresent()
            ? stores.people().link(holder.get(), actorKey, organisationId, Joiner.ORGANISATION, indexEvents())
            : stores.people().ensure(actorKey, personIdFor(actorKey), IdentityEvents::of).compose(actor ->
                stores.people().link(actor, asserted, organisationId, Joiner.ORGANISATION, indexEvents())))
        .compose(linked -> linkEach(actorKey, keys, organisationId, index + 1));
  }

  static UUID personIdFor(String identifierKey) {
    return NameBasedUuid.v5(PERSON_NAMESPACE, identifierKey);
  }

  // ---------------------------------------------------------------- expiry, people, catalogue

  /** Sends {@code competency.expiring}/{@code expired} due now and updates attainment; returns the changes. */
  public Future<List<PassportChange>> runExpiry() {
    return runExpiry(clock.instant());
  }

  public Future<List<PassportChange>> runExpiry(Instant now) {
    return store.expire(now, now.plus(PassportState.EXPIRY_WARNING), EXPIRY_BATCH, events::of);
  }

  /**
   * Links an xAPI identifier to a person; empty when there is no such person. A change publishes the
   * person's identifiers (and a merged person's end) on {@code passport.identities}, and a merge is announced
   * on {@code passport.updates}.
   */
  public Future<Optional<LinkResult>> link(UUID personId, JsonObject agent, UUID organisationId, Joiner joiner) {
    return identifierKey(agent)
        .compose(key -> stores.people().link(personId, key, organisationId, joiner, indexEvents()));
  }

  /** Undoes the open merge of {@code mergedId} into {@code personId}'s record; empty when there is none. */
  public Future<Optional<UnmergeResult>> unmerge(UUID personId, UUID mergedId) {
    return stores.people().unmerge(personId, mergedId, indexEvents());
  }

  /** Merges into or of the person, newest first. */
  public Future<List<MergeRecord>> merges(UUID personId) {
    return stores.people().merges(personId);
  }

  /**
   * A claim code vouching for the organisation's identifier {@code agent}, valid for {@code validFor}: returned
   * once. Nothing is looked up, so issuing a code says nothing about whether anyone holds the identifier.
   */
  public Future<IssuedClaimCode> issueClaimCode(JsonObject agent, UUID organisationId, java.time.Duration validFor) {
    Instant expiresAt = clock.instant().plus(validFor);
    return identifierKey(agent).compose(key -> {
      String code = OneTimeCodes.generate();
      return stores.people().addClaimCode(OneTimeCodes.hash(code), key, organisationId, expiresAt)
          .map(id -> new IssuedClaimCode(id, code, expiresAt));
    });
  }

  public record IssuedClaimCode(UUID id, String code, Instant expiresAt) {}

  /**
   * Spends a claim code for the signed-in person: the identifier it vouches for joins their record, merging the
   * record that held it. Empty for an unknown, spent or expired code.
   */
  public Future<Optional<LinkResult>> redeemClaimCode(UUID personId, String code) {
    String normalised = OneTimeCodes.normalised(code);
    if (normalised.length() != 16) {
      return Future.succeededFuture(Optional.empty());
    }
    return stores.people().redeemClaimCode(personId, OneTimeCodes.hash(normalised), indexEvents());
  }

  private IndexEvents indexEvents() {
    return new IndexEvents(events::of, IdentityEvents::of, events::of);
  }

  /**
   * The person an OpenID Connect sign-in names: the holder of the issuer's subject; else the holder of the
   * e-mail address the issuer verified, who gains the subject; else a new person holding both. Two existing
   * people are never merged here: joining records needs the person (a claim code) or the operator.
   */
  public Future<UUID> personForSignIn(String subjectKey, Optional<String> verifiedEmailKey) {
    return stores.people().personFor(subjectKey).compose(bySubject -> {
      if (bySubject.isPresent()) {
        return Future.succeededFuture(bySubject.get());
      }
      Future<Optional<UUID>> byEmail = verifiedEmailKey.isPresent()
          ? stores.people().personFor(verifiedEmailKey.get()) : Future.succeededFuture(Optional.empty());
      return byEmail.compose(holder -> holder.isPresent()
          ? linkSignIn(holder.get(), subjectKey)
          : stores.people().ensure(subjectKey, personIdFor(subjectKey), IdentityEvents::of)
              .compose(created -> verifiedEmailKey.isPresent() ? linkSignIn(created, verifiedEmailKey.get())
                  : Future.succeededFuture(created)));
    });
  }

  /** Adds an identifier nobody holds yet to the person (a merge is refused: the key was free a moment ago). */
  private Future<UUID> linkSignIn(UUID personId, String identifierKey) {
    return stores.people().personFor(identifierKey).compose(holder -> {
      if (holder.isPresent()) {
        return Future.succeededFuture(personId);
      }
      return stores.people().link(personId, identifierKey, null, Joiner.PERSON, indexEvents())
          .map(linked -> linked.map(LinkResult::personId).orElse(personId));
    });
  }

  /** The agent's identifier key; fails with {@link IllegalArgumentException} when it carries none. */
  private static Future<String> identifierKey(JsonObject agent) {
    return Actors.identifierKey(agent)
        .map(Future::succeededFuture)
        .orElseGet(() -> Future.failedFuture(new IllegalArgumentException(
            "the agent needs an identifier: mbox, mbox_sha1sum, openid or account")));
  }

  /** Registers catalogue entries; returns the activity IRIs refused because another organisation owns them. */
  public Future<List<String>> putCatalogue(List<CatalogueEntry> entries, boolean override) {
    return stores.catalogue().putCatalogue(entries, override).onComplete(done -> catalogue.invalidate());
  }

  public Future<Map<String, CatalogueEntry>> catalogueEntries() {
    return stores.catalogue().catalogue();
  }

  public Framework framework() {
    return framework;
  }

  // ---------------------------------------------------------------- reading

  /** The person the agent's identifier belongs to; fails with {@link IllegalArgumentException} when it carries none. */
  public Future<Optional<UUID>> personFor(JsonObject agent) {
    return identifierKey(agent).compose(stores.people()::personFor);
  }

  /** The passport as JSON: every held competency x stage with its evidence, in framework order, and its status. */
  public Future<Optional<JsonObject>> passport(UUID personId) {
    return passport(personId, Set.of());
  }

  /**
   * The passport with the competency x stages in {@code revoked} ({@code "4.2|entry"}: an operator revoked their
   * credential and no evidence came since) shown as {@code revoked} and not counted: domain and overall stages
   * are attained without them.
   */
  public Future<Optional<JsonObject>> passport(UUID personId, Set<String> revoked) {
    return store.passport(personId).map(found -> found.map(passport -> toJson(passport, revoked)));
  }

  /**
   * The part of the passport an organisation contributed itself: only the evidence and learning records of
   * statements its own LRS store holds, with statuses judged on that evidence alone ({@code "view": "contributed"}); empty when it
   * contributed nothing for this person. An organisation always sees what it contributed, consent or not.
   */
  public Future<Optional<JsonObject>> contributedBy(UUID personId, UUID organisationId) {
    return store.passport(personId).map(found -> found
        .map(passport -> new Passport(passport.personId(), passport.version(), passport.updatedAt(),
            passport.evidence().stream().filter(row -> organisationId.equals(row.sourceOrganisationId())).toList(),
            passport.learning().stream().filter(row -> organisationId.equals(row.sourceOrganisationId())).toList()))
        .filter(passport -> !passport.evidence().isEmpty() || !passport.learning().isEmpty())
        .map(passport -> toJson(passport, Set.of()).put("view", "contributed")));
  }

  /**
   * The passport with the person's names ({@code displayName}, the newest stated, and {@code names}, each with who
   * stated it and when): for the person and for organisations with their consent only. With {@code onlyFrom} set,
   * only the names that organisation stated itself (what it contributed).
   */
  public Future<Optional<JsonObject>> withNames(Optional<JsonObject> passport, UUID onlyFrom) {
    if (passport.isEmpty()) {
      return Future.succeededFuture(passport);
    }
    JsonObject body = passport.get();
    return store.names(UUID.fromString(body.getString("personId"))).map(names -> {
      JsonArray shown = new JsonArray();
      for (PassportStore.PersonName name : names) {
        if (onlyFrom != null && !onlyFrom.equals(name.organisationId())) {
          continue;
        }
        shown.add(new JsonObject().put("name", name.name())
            .put("statedBy", new JsonObject().put("organisationId", name.organisationId().toString())
                .put("name", name.source()))
            .put("statedAt", name.statedAt().toString()));
      }
      if (!shown.isEmpty()) {
        body.put("displayName", shown.getJsonObject(0).getString("name"));
      }
      return Optional.of(body.put("names", shown));
    });
  }

  /** The most catalogue courses suggested for one competency x stage. */
  private static final int MAX_SUGGESTIONS = 3;

  /**
   * The passport with {@code actions}: every competency that has expired or is expiring (its stages together), expired first
   * then soonest first, each with the statutory training it stands for (from its evidence) and where to renew it
   * ({@code renewWith}: catalogue courses registered against it). What the web page leads with.
   */
  public Future<Optional<JsonObject>> withActions(Optional<JsonObject> passport) {
    if (passport.isEmpty()) {
      return Future.succeededFuture(passport);
    }
    return catalogue.current().map(entries -> {
      JsonObject body = passport.get();
      Map<String, JsonObject> actions = new LinkedHashMap<>();
      for (Object c : body.getJsonArray("competencies", new JsonArray())) {
        JsonObject competency = (JsonObject) c;
        for (Object st : competency.getJsonArray("stages", new JsonArray())) {
          JsonObject held = (JsonObject) st;
          String status = held.getString("status");
          if (!"expired".equals(status) && !"expiring".equals(status)) {
            continue;
          }
          Stage stage = Stage.fromCode(held.getString("stage")).orElse(null);
          if (stage == null) {
            continue;
          }
          Map<String, JsonObject> training = new LinkedHashMap<>();
          for (Object e : held.getJsonArray("evidence", new JsonArray())) {
            JsonObject t = ((JsonObject) e).getJsonObject("training");
            if (t != null) {
              training.putIfAbsent(t.getString("subject"), new JsonObject().put("subject", t.getString("subject"))
                  .put("title", t.getString("title")).put("renewal", t.getString("renewal")));
            }
          }
          JsonArray renewWith = coursesFor(entries, competency.getString("number"), stage);
          // One action per competency, status and end date: the stages it holds that way listed together.
          String key = competency.getString("number") + "|" + status + "|" + held.getString("validUntil");
          JsonObject action = actions.get(key);
          if (action == null) {
            action = new JsonObject().put("competency", competency.getString("number"))
                .put("title", competency.getString("title")).put("stages", new JsonArray())
                .put("stageTitles", new JsonArray()).put("status", status).put("validUntil", held.getString("validUntil"))
                .put("training", new JsonArray(new ArrayList<>(training.values()))).put("renewWith", renewWith);
            actions.put(key, action);
          } else {
            JsonArray known = action.getJsonArray("renewWith");
            renewWith.forEach(course -> {
              if (!known.contains(course) && known.size() < MAX_SUGGESTIONS) {
                known.add(course);
              }
            });
          }
          action.getJsonArray("stages").add(stage.code());
          action.getJsonArray("stageTitles").add(stage.title());
        }
      }
      List<JsonObject> sorted = new ArrayList<>(actions.values());
      sorted.sort(java.util.Comparator.comparing((JsonObject a) -> "expired".equals(a.getString("status")) ? 0 : 1)
          .thenComparing(a -> a.getString("validUntil", "")));
      return Optional.of(body.put("actions", new JsonArray(new ArrayList<>(sorted))));
    });
  }

  /**
   * The names of the person's accounts on {@code homePage} (an employer's staff or ESR assignment numbers,
   * the accounts on its own home page); empty without a home page.
   */
  public Future<List<String>> accountsAt(UUID personId, String homePage) {
    if (homePage == null) {
      return Future.succeededFuture(List.of());
    }
    return store.identifierKeys(personId).map(keys -> keys.stream()
        .filter(key -> key.startsWith("account:"))
        .map(key -> {
          try {
            return Actors.identifier(key).getJsonObject("account");
          } catch (IllegalArgumentException e) {
            return null;
          }
        })
        .filter(account -> account != null && Actors.sameHomePage(account.getString("homePage"), homePage))
        .map(account -> account.getString("name"))
        .toList());
  }

  /**
   * The catalogue courses registered against one competency at one stage ({@code activity}, {@code organisation}),
   * at most {@link #MAX_SUGGESTIONS}, by activity IRI.
   */
  private static JsonArray coursesFor(Map<String, CatalogueEntry> entries, String competency, Stage stage) {
    JsonArray courses = new JsonArray();
    entries.values().stream()
        .filter(entry -> entry.evidences().stream().anyMatch(target ->
            target.competencyNumber().equals(competency) && target.stage() == stage))
        .sorted(java.util.Comparator.comparing(CatalogueEntry::activityIri))
        .limit(MAX_SUGGESTIONS)
        .forEach(entry -> courses.add(new JsonObject().put("activity", entry.activityIri())
            .put("organisation", entry.organisationName())));
    return courses;
  }

  /**
   * What is missing (or expired) for a stage, with the indicator text and the catalogue courses aligned to it
   * ({@code learnWith}, empty when none is); expiring ones listed apart, with the courses to renew with.
   */
  public Future<Optional<JsonObject>> gaps(UUID personId, Stage stage) {
    return store.passport(personId).compose(found -> found.isEmpty() ? Future.succeededFuture(Optional.<JsonObject>empty())
        : catalogue.current().map(entries -> Optional.of(gapsOf(found.get(), stage, entries))));
  }

  private JsonObject gapsOf(PassportStore.Passport passport, Stage stage, Map<String, CatalogueEntry> courses) {
    PassportState state = stateOf(passport);
    JsonArray missing = new JsonArray();
    JsonArray expiring = new JsonArray();
    for (Competency competency : framework.competencies()) {
      PassportState.Status status = state.status(competency.number(), stage);
      JsonObject entry = new JsonObject()
          .put("number", competency.number())
          .put("iri", competency.stageIri(stage))
          .put("title", competency.title())
          .put("domain", competency.domainNumber())
          .put("status", status.code())
          .put("indicator", competency.indicator(stage));
      state.validUntil(competency.number(), stage).ifPresent(end -> entry.put("validUntil", end.toString()));
      if (!status.current()) {
        missing.add(entry.put("learnWith", coursesFor(courses, competency.number(), stage)));
      } else if (status == PassportState.Status.EXPIRING) {
        expiring.add(entry.put("learnWith", coursesFor(courses, competency.number(), stage)));
      }
    }
    return new JsonObject()
        .put("personId", passport.personId().toString())
        .put("stage", stage.code())
        .put("stageTitle", stage.title())
        .put("attained", missing.isEmpty())
        .put("missing", missing)
        .put("expiring", expiring);
  }

  private PassportState stateOf(PassportStore.Passport passport) {
    return stateOf(passport, Set.of());
  }

  private PassportState stateOf(PassportStore.Passport passport, Set<String> revoked) {
    return PassportState.of(framework, passport.evidence().stream()
        .filter(row -> !revoked.contains(row.competencyNumber() + "|" + row.stage()))
        .map(PassportService::validity).toList(), clock.instant());
  }

  private static String statusCode(PassportState state, Set<String> revoked, String competency, Stage stage) {
    return revoked.contains(competency + "|" + stage.code()) ? "revoked" : state.status(competency, stage).code();
  }

  private static PassportState.Validity validity(EvidenceRow row) {
    return new PassportState.Validity(row.competencyNumber(), row.stage(), row.validUntil());
  }

  private JsonObject toJson(PassportStore.Passport passport, Set<String> revoked) {
    PassportState state = stateOf(passport, revoked);
    Map<String, Map<String, List<EvidenceRow>>> byCompetency = new LinkedHashMap<>();
    for (EvidenceRow row : passport.evidence()) {
      byCompetency.computeIfAbsent(row.competencyNumber(), k -> new LinkedHashMap<>())
          .computeIfAbsent(row.stage(), k -> new ArrayList<>()).add(row);
    }
    JsonArray competencies = new JsonArray();
    for (Competency competency : framework.competencies()) {
      Map<String, List<EvidenceRow>> stages = byCompetency.get(competency.number());
      if (stages == null) {
        continue;
      }
      JsonArray held = new JsonArray();
      for (Stage stage : Stage.values()) {
        List<EvidenceRow> rows = stages.get(stage.code());
        if (rows == null) {
          continue;
        }
        JsonObject entry = new JsonObject()
            .put("stage", stage.code())
            .put("status", statusCode(state, revoked, competency.number(), stage));
        state.validUntil(competency.number(), stage).ifPresent(end -> entry.put("validUntil", end.toString()));
        held.add(entry.put("evidence", new JsonArray(rows.stream().map(this::evidenceJson).toList())));
      }
      competencies.add(new JsonObject()
          .put("number", competency.number())
          .put("iri", competency.iri())
          .put("title", competency.title())
          .put("stages", held));
    }
    JsonArray domains = new JsonArray();
    for (Domain domain : framework.domains()) {
      JsonArray attained = new JsonArray();
      JsonArray statuses = new JsonArray();
      for (Stage stage : Stage.values()) {
        if (state.attained(domain, stage)) {
          attained.add(stage.code());
        }
      }
      for (Competency competency : domain.competencies()) {
        JsonObject status = new JsonObject();
        for (Stage stage : Stage.values()) {
          status.put(stage.code(), statusCode(state, revoked, competency.number(), stage));
        }
        statuses.add(new JsonObject().put("number", competency.number()).put("status", status));
      }
      domains.add(new JsonObject()
          .put("number", domain.number())
          .put("title", domain.title())
          .put("attainedStages", attained)
          .put("competencies", statuses));
    }
    return new JsonObject()
        .put("personId", passport.personId().toString())
        .put("version", passport.version())
        .put("updatedAt", passport.updatedAt().toString())
        .put("framework", framework.iri())
        .put("overallStage", state.overallStage().map(Stage::code).orElse(null))
        .put("competencies", competencies)
        .put("domains", domains)
        .put("learning", new JsonArray(passport.learning().stream()
            .map(row -> EvidenceWords.describe(row, reference.ruleData())).toList()));
  }

  private JsonObject evidenceJson(EvidenceRow row) {
    JsonObject json = new JsonObject()
        .put("statementId", row.statementId().toString())
        .put("rule", new JsonObject().put("id", row.ruleId()).put("version", row.ruleVersion()))
        .put("basis", row.basis())
        .put("confidence", row.confidence())
        .put("sourceOrganisation", row.sourceOrganisation())
        .put("sourceOrganisationId", row.sourceOrganisationId() == null ? null : row.sourceOrganisationId().toString())
        .put("achievedAt", row.achievedAt().toString())
        .put("validFrom", row.validFrom().toString())
        .put("validUntil", row.validUntil() == null ? null : row.validUntil().toString())
        .put("creditedAt", row.creditedAt().toString());
    return EvidenceWords.describe(json, row, reference.ruleData());
  }
}
