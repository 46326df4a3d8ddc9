package org.ahphub.lrs.service;

import org.ahphub.lrs.store.StatementRecord;
import org.ahphub.lrs.store.StatementQuery;
import org.ahphub.lrs.store.AttachmentContent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.ahphub.lrs.store.StatementStore;
import org.ahphub.platform.identity.Principal;
import org.ahphub.xapi.Actors;
import org.ahphub.xapi.XapiVersion;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("StatementService: completing statements as the spec says before they are stored")
class StatementCompletionTest {

  private static final UUID ORGANISATION = UUID.fromString("0b7f4a84-3b7a-4c9e-9a57-1d3f2a6b8c01");
  private static final Principal WRITER = new Principal("key-1", ORGANISATION, "Trust A", "https://trust-a.example.org",
      Set.of(StatementService.SCOPE_ALL));

  private final CapturingStore store = new CapturingStore();
  private final StatementService service = new StatementService(store);

  @Test
  @DisplayName("stored: an id is assigned when the statement has none, and a given id is kept")
  void idAssignedOrKept() {
    String given = "a0a5b3d2-0c62-4b9c-9f3e-3f4a5b6c7d8e";
    var result = store(List.of(statement(), statement().put("id", given)), XapiVersion.V1_0_3);

    assertThat(result.ids()).hasSize(2);
    assertThat(UUID.fromString(result.ids().get(0))).isNotNull();
    assertThat(result.ids().get(1)).isEqualTo(given);
    assertThat(store.records.get(0).payload().getString("id")).isEqualTo(result.ids().get(0));
  }

  @Test
  @DisplayName("stored, authority and version are set by the LRS; the submitted authority is replaced by the credential's")
  void lrsPropertiesAreSet() {
    store(List.of(statement().put("authority", new JsonObject().put("mbox", "mailto:forged@example.org"))),
        XapiVersion.V1_0_3);

    JsonObject payload = store.records.get(0).payload();
    assertThat(payload.getString("stored")).isNotBlank();
    assertThat(payload.getJsonObject("authority")).isEqualTo(WRITER.authority());
    assertThat(payload.getString("version")).isEqualTo("1.0.0");
  }

  @Test
  @DisplayName("version: a 2.0.0 request stores version 2.0.0 unless the statement names its own")
  void versionFollowsTheRequest() {
    store(List.of(statement(), statement().put("version", "1.0.3")), XapiVersion.V2_0_0);

    assertThat(store.records.get(0).payload().getString("version")).isEqualTo("2.0.0");
    assertThat(store.records.get(1).payload().getString("version")).isEqualTo("1.0.3");
  }

  @Test
  @DisplayName("timestamp: set to stored when absent, kept when given")
  void timestampDefaultsToStored() {
    store(List.of(statement(), statement().put("timestamp", "2024-05-01T10:00:00.000Z")), XapiVersion.V1_0_3);

    JsonObject first = store.records.get(0).payload();
    assertThat(first.getString("timestamp")).isEqualTo(first.getString("stored"));
    assertThat(store.records.get(1).payload().getString("timestamp")).isEqualTo("2024-05-01T10:00:00.000Z");
  }

  @Test
  @DisplayName("the submitted form is kept apart from the completed payload, for duplicate comparison")
  void submittedFormIsKept() {
    JsonObject submitted = statement();
    store(List.of(submitted), XapiVersion.V1_0_3);

    assertThat(store.records.get(0).submitted()).isEqualTo(submitted);
    assertThat(store.records.get(0).submitted().containsKey("stored")).isFalse();
  }

  @Test
  @DisplayName("index columns: learner key, verb, object activity, registration and the organisation are extracted")
  void indexColumnsAreExtracted() {
    String registration = "9e1e4b7c-6a0f-4d55-8a57-2b4e0f6d1c3a";
    store(List.of(statement().put("context", new JsonObject().put("registration", registration))), XapiVersion.V1_0_3);

    StatementRecord record = store.records.get(0);
    assertThat(record.learnerKey()).isEqualTo("mbox_sha1sum:" + Actors.sha1Hex("mailto:alice@example.org"));
    assertThat(record.verbId()).isEqualTo("http://adlnet.gov/expapi/verbs/completed");
    assertThat(record.objectActivityId()).isEqualTo("http://example.org/course/1");
    assertThat(record.registration()).isEqualTo(UUID.fromString(registration));
    assertThat(record.authorityOrganisation()).isEqualTo(ORGANISATION);
    assertThat(record.authorityKey()).isEqualTo("key-1");
    assertThat(record.voids()).isNull();
  }

  @Test
  @DisplayName("voiding: a statement with verb voided records the id it voids")
  void voidingStatementRecordsItsTarget() {
    String target = "3c0a9f7e-1b2d-4c3e-8f9a-0b1c2d3e4f5a";
    store(List.of(new JsonObject()
        .put("actor", new JsonObject().put("mbox", "mailto:alice@example.org"))
        .put("verb", new JsonObject().put("id", "http://adlnet.gov/expapi/verbs/voided"))
        .put("object", new JsonObject().put("objectType", "StatementRef").put("id", target))), XapiVersion.V1_0_3);

    StatementRecord record = store.records.get(0);
    assertThat(record.voids()).isEqualTo(UUID.fromString(target));
    assertThat(record.objectActivityId()).isNull();
  }

  @Test
  @DisplayName("a batch is stored whole or not at all: one invalid statement rejects it, naming its index in the path")
  void invalidStatementRejectsTheBatch() {
    JsonObject broken = statement();
    broken.remove("verb");

    assertThatThrownBy(() -> store(List.of(statement(), broken), XapiVersion.V1_0_3))
        .isInstanceOfSatisfying(XapiException.BadRequest.class, e ->
            assertThat(e.violations()).anySatisfy(v -> assertThat(v.path()).isEqualTo("$[1].verb")));
    assertThat(store.records).isEmpty();
  }

  @Test
  @DisplayName("a batch may not carry the same statement id twice")
  void duplicateIdsInABatchAreRejected() {
    String id = "a0a5b3d2-0c62-4b9c-9f3e-3f4a5b6c7d8e";

    assertThatThrownBy(() -> store(List.of(statement().put("id", id), statement().put("id", id.toUpperCase())),
        XapiVersion.V1_0_3))
        .isInstanceOfSatisfying(XapiException.BadRequest.class, e ->
            assertThat(e.violations()).anySatisfy(v -> assertThat(v.rule()).isEqualTo("batch.unique-ids")));
  }

  @Test
  @DisplayName("an empty batch is a 400, not a silent success")
  void emptyBatchIsRejected() {
    assertThatThrownBy(() -> store(List.of(), XapiVersion.V1_0_3)).isInstanceOf(XapiException.BadRequest.class);
  }

  @Test
  @DisplayName("writing needs statements/write or all")
  void writingNeedsAWriteScope() {
    Principal reader = new Principal("key-2", ORGANISATION, "Trust A", "https://trust-a.example.org",
        Set.of(StatementService.SCOPE_READ));
    assertThatThrownBy(() -> await(service.store(List.of(statement()), reader, XapiVersion.V1_0_3)))
        .isInstanceOf(XapiException.Forbidden.class);
  }

  @Test
  @DisplayName("PUT: the statement id in the body must match the statementId parameter")
  void putIdMustMatch() {
    JsonObject body = statement().put("id", "a0a5b3d2-0c62-4b9c-9f3e-3f4a5b6c7d8e");
    assertThatThrownBy(() -> await(service.put("3c0a9f7e-1b2d-4c3e-8f9a-0b1c2d3e4f5a", body, WRITER,
        XapiVersion.V1_0_3))).isInstanceOf(XapiException.BadRequest.class);
  }

  @Test
  @DisplayName("a single JSON object is a batch of one; an array is a batch")
  void bodyAsBatch() {
    assertThat(StatementService.asBatch(statement())).hasSize(1);
    assertThat(StatementService.asBatch(new JsonArray().add(statement()).add(statement()))).hasSize(2);
  }

  private StatementService.StoreResult store(List<Object> statements, XapiVersion version) {
    return await(service.store(new ArrayList<>(statements), WRITER, version));
  }

  private static JsonObject statement() {
    return new JsonObject("""
        {"actor":{"mbox":"mailto:alice@example.org"},"verb":{"id":"http://adlnet.gov/expapi/verbs/completed"},
         "object":{"id":"http://example.org/course/1"}}""");
  }

  private static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IllegalStateException(e.getCause());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Records what the service asks to store. */
  private static final class CapturingStore implements StatementStore {
    final List<StatementRecord> records = new ArrayList<>();

    @Override
    public Future<StoreOutcome> store(List<StatementRecord> statements, List<AttachmentContent> attachments) {
      records.addAll(statements);
      return Future.succeededFuture(new StoreOutcome(statements.size(), 0));
    }

    @Override
    public Future<Optional<StoredStatement>> find(UUID id, UUID organisation, String credentialKey) {
      return Future.succeededFuture(Optional.empty());
    }

    @Override
    public Future<StatementPage> query(StatementQuery query) {
      return Future.failedFuture("not used");
    }

    @Override
    public Future<List<AttachmentContent>> attachments(java.util.Collection<String> sha2s) {
      return Future.succeededFuture(List.of());
    }

    @Override
    public Future<Optional<JsonObject>> activityDefinition(UUID organisation, String activityId) {
      return Future.succeededFuture(Optional.empty());
    }
  }
}
