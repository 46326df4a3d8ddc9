package org.ahphub.lrs.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.MultiMap;
import java.time.Instant;
import java.util.UUID;
import org.ahphub.lrs.store.StatementQuery;
import org.ahphub.lrs.service.XapiException;
import org.ahphub.xapi.Actors;
import org.ahphub.xapi.XapiVersion;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("QueryParameters: the statements query string")
class QueryParametersTest {

  @Test
  @DisplayName("no parameters: every filter off, descending, the default page size")
  void defaults() {
    StatementQuery query = QueryParameters.parse(params(), XapiVersion.V1_0_3);

    assertThat(query.agentKey()).isNull();
    assertThat(query.verb()).isNull();
    assertThat(query.ascending()).isFalse();
    assertThat(query.relatedAgents()).isFalse();
    assertThat(query.limit()).isEqualTo(QueryParameters.DEFAULT_LIMIT);
    assertThat(query.cursor()).isNull();
  }

  @Test
  @DisplayName("every filter is parsed: agent (JSON, to its identifier key), verb, activity, registration, since, until")
  void filtersAreParsed() {
    StatementQuery query = QueryParameters.parse(params()
        .add("agent", "{\"mbox\":\"mailto:alice@example.org\"}")
        .add("verb", "http://adlnet.gov/expapi/verbs/completed")
        .add("activity", "http://example.org/course/1")
        .add("registration", "9e1e4b7c-6a0f-4d55-8a57-2b4e0f6d1c3a")
        .add("related_agents", "true")
        .add("related_activities", "true")
        .add("since", "2024-05-01T10:00:00Z")
        .add("until", "2024-05-01T12:00:00+01:00")
        .add("ascending", "true")
        .add("limit", "10"), XapiVersion.V1_0_3);

    assertThat(query.agentKey()).isEqualTo("mbox_sha1sum:" + Actors.sha1Hex("mailto:alice@example.org"));
    assertThat(query.verb()).isEqualTo("http://adlnet.gov/expapi/verbs/completed");
    assertThat(query.activity()).isEqualTo("http://example.org/course/1");
    assertThat(query.registration()).isEqualTo(UUID.fromString("9e1e4b7c-6a0f-4d55-8a57-2b4e0f6d1c3a"));
    assertThat(query.relatedAgents()).isTrue();
    assertThat(query.relatedActivities()).isTrue();
    assertThat(query.since()).isEqualTo(Instant.parse("2024-05-01T10:00:00Z"));
    assertThat(query.until()).isEqualTo(Instant.parse("2024-05-01T11:00:00Z"));
    assertThat(query.ascending()).isTrue();
    assertThat(query.limit()).isEqualTo(10);
  }

  @Test
  @DisplayName("limit=0 means the server's maximum; a larger limit is capped at it")
  void limitZeroMeansMaximum() {
    assertThat(QueryParameters.parse(params().add("limit", "0"), XapiVersion.V1_0_3).limit())
        .isEqualTo(QueryParameters.MAX_LIMIT);
    assertThat(QueryParameters.parse(params().add("limit", "100000"), XapiVersion.V1_0_3).limit())
        .isEqualTo(QueryParameters.MAX_LIMIT);
  }

  @Test
  @DisplayName("an unknown parameter is a 400 naming it")
  void unknownParameterIsRejected() {
    assertBad(params().add("actor", "x"), "actor");
  }

  @Test
  @DisplayName("malformed values are 400s naming the parameter")
  void malformedValuesAreRejected() {
    assertBad(params().add("agent", "not json"), "agent");
    assertBad(params().add("agent", "{\"name\":\"no identifier\"}"), "agent");
    assertBad(params().add("verb", "not an iri"), "verb");
    assertBad(params().add("registration", "123"), "registration");
    assertBad(params().add("since", "yesterday"), "since");
    assertBad(params().add("limit", "-1"), "limit");
    assertBad(params().add("limit", "ten"), "limit");
    assertBad(params().add("ascending", "yes"), "ascending");
    assertBad(params().add("cursor", "abc"), "cursor");
  }

  @Test
  @DisplayName("a more link keeps every filter of the request and adds the keyset cursor")
  void moreLinkKeepsFilters() {
    MultiMap params = params()
        .add("agent", "{\"mbox\":\"mailto:alice@example.org\"}")
        .add("verb", "http://adlnet.gov/expapi/verbs/completed")
        .add("limit", "2")
        .add("cursor", "99");

    String more = QueryParameters.moreLink("/xapi/statements", params, 42);

    assertThat(more).startsWith("/xapi/statements?")
        .contains("agent=%7B%22mbox%22%3A%22mailto%3Aalice%40example.org%22%7D")
        .contains("verb=http%3A%2F%2Fadlnet.gov%2Fexpapi%2Fverbs%2Fcompleted")
        .contains("limit=2")
        .endsWith("cursor=42")
        .doesNotContain("cursor=99");
  }

  private static void assertBad(MultiMap params, String parameter) {
    assertThatThrownBy(() -> QueryParameters.parse(params, XapiVersion.V1_0_3))
        .isInstanceOfSatisfying(XapiException.BadRequest.class, e ->
            assertThat(e.violations()).anySatisfy(v -> assertThat(v.path()).isEqualTo(parameter)));
  }

  private static MultiMap params() {
    return MultiMap.caseInsensitiveMultiMap();
  }

  @org.junit.jupiter.api.Test
  @org.junit.jupiter.api.DisplayName("one check for every parameter and stored header: U+0000, unpaired surrogates and non-UTF-8 bytes are 400s")
  void unstorableInputIsABadRequest() {
    io.vertx.core.MultiMap params = io.vertx.core.MultiMap.caseInsensitiveMultiMap()
        .add("stateId", "a\u0000b");
    io.vertx.core.MultiMap surrogate = io.vertx.core.MultiMap.caseInsensitiveMultiMap()
        .add("activityId", "http://example.org/\ud800");

    org.assertj.core.api.Assertions.assertThatThrownBy(() -> QueryParameters.requireStorable(params))
        .isInstanceOf(org.ahphub.lrs.service.XapiException.BadRequest.class).hasMessageContaining("stateId");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> QueryParameters.requireStorable(surrogate))
        .isInstanceOf(org.ahphub.lrs.service.XapiException.BadRequest.class);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> QueryParameters.requireUtf8("verb=%FF%FE"))
        .isInstanceOf(org.ahphub.lrs.service.XapiException.BadRequest.class);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> QueryParameters.storableHeader("Content-Type", "text/plain\u0000"))
        .isInstanceOf(org.ahphub.lrs.service.XapiException.BadRequest.class);
    QueryParameters.requireUtf8("activityId=https%3A%2F%2F%E4%BE%8B%E3%81%88.jp%2F");
    QueryParameters.requireStorable(io.vertx.core.MultiMap.caseInsensitiveMultiMap().add("stateId", "caf\u00e9 \ud83d\ude00"));
  }
}
