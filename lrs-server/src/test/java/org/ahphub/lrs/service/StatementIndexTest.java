package org.ahphub.lrs.service;

import org.ahphub.lrs.store.StatementRecord;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import org.ahphub.lrs.store.StatementRecord.IndexEntry;
import org.ahphub.xapi.Actors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("StatementIndex: the agent and activity rows behind the query filters")
class StatementIndexTest {

  private static final String ALICE = "mailto:alice@example.org";
  private static final String ALICE_KEY = "mbox_sha1sum:" + Actors.sha1Hex(ALICE);

  @Test
  @DisplayName("the actor is indexed by its identifier key, an mbox by its SHA-1 so no address is stored")
  void actorIsIndexedByIdentifierKey() {
    JsonObject statement = new JsonObject("""
        {"actor":{"mbox":"mailto:alice@example.org"},"verb":{"id":"http://adlnet.gov/expapi/verbs/completed"},
         "object":{"id":"http://example.org/course/1"}}""");

    assertThat(StatementIndex.agents(statement)).containsExactly(new IndexEntry(ALICE_KEY, "actor"));
    assertThat(StatementIndex.activities(statement))
        .containsExactly(new IndexEntry("http://example.org/course/1", "object"));
  }

  @Test
  @DisplayName("an Agent object, instructor, team, authority and group members are indexed with their relation")
  void relatedAgentsCarryTheirRelation() {
    JsonObject statement = new JsonObject("""
        {"actor":{"objectType":"Group","member":[{"mbox":"mailto:alice@example.org"},{"openid":"http://id.example.org/bob"}]},
         "verb":{"id":"http://example.org/verbs/mentored"},
         "object":{"objectType":"Agent","account":{"homePage":"https://elfh.example.org","name":"carol"}},
         "context":{"instructor":{"mbox_sha1sum":"ABCDEF0123456789ABCDEF0123456789ABCDEF01"},
                    "team":{"objectType":"Group","openid":"http://id.example.org/team"}},
         "authority":{"account":{"homePage":"https://trust.example.org","name":"key-1"}}}""");

    assertThat(StatementIndex.agents(statement)).containsExactlyInAnyOrder(
        new IndexEntry(ALICE_KEY, "actor"),
        new IndexEntry("openid:http://id.example.org/bob", "actor"),
        new IndexEntry("account:https://elfh.example.org|carol", "object"),
        new IndexEntry("mbox_sha1sum:abcdef0123456789abcdef0123456789abcdef01", "instructor"),
        new IndexEntry("openid:http://id.example.org/team", "team"),
        new IndexEntry("account:https://trust.example.org|key-1", "authority"));
    assertThat(StatementIndex.activities(statement)).isEmpty();
  }

  @Test
  @DisplayName("context activities are indexed under their kind, whether given as an object or an array")
  void contextActivitiesAreIndexedByKind() {
    JsonObject statement = new JsonObject("""
        {"actor":{"mbox":"mailto:alice@example.org"},"verb":{"id":"http://example.org/verbs/did"},
         "object":{"id":"http://example.org/lesson/1"},
         "context":{"contextActivities":{
            "parent":{"id":"http://example.org/course/1"},
            "grouping":[{"id":"http://example.org/programme"}],
            "category":[{"id":"http://example.org/framework/c1"},{"id":"http://example.org/framework/c2"}],
            "other":[{"id":"http://example.org/other"}]}}}""");

    assertThat(StatementIndex.activities(statement)).containsExactly(
        new IndexEntry("http://example.org/lesson/1", "object"),
        new IndexEntry("http://example.org/course/1", "parent"),
        new IndexEntry("http://example.org/programme", "grouping"),
        new IndexEntry("http://example.org/framework/c1", "category"),
        new IndexEntry("http://example.org/framework/c2", "category"),
        new IndexEntry("http://example.org/other", "other"));
  }

  @Test
  @DisplayName("a SubStatement's agents and activities are indexed as 'sub' (found only by related_* queries)")
  void subStatementIsIndexedAsSub() {
    JsonObject statement = new JsonObject("""
        {"actor":{"mbox":"mailto:alice@example.org"},"verb":{"id":"http://example.org/verbs/planned"},
         "object":{"objectType":"SubStatement","actor":{"openid":"http://id.example.org/bob"},
                   "verb":{"id":"http://example.org/verbs/will-do"},"object":{"id":"http://example.org/task"},
                   "context":{"contextActivities":{"parent":[{"id":"http://example.org/course/2"}]}}}}""");

    assertThat(StatementIndex.agents(statement)).containsExactly(
        new IndexEntry(ALICE_KEY, "actor"), new IndexEntry("openid:http://id.example.org/bob", "sub"));
    assertThat(StatementIndex.activities(statement)).containsExactly(
        new IndexEntry("http://example.org/task", "sub"), new IndexEntry("http://example.org/course/2", "sub"));
  }

  @Test
  @DisplayName("a StatementRef object indexes no activity")
  void statementRefHasNoActivity() {
    JsonObject statement = new JsonObject("""
        {"actor":{"mbox":"mailto:alice@example.org"},"verb":{"id":"http://adlnet.gov/expapi/verbs/voided"},
         "object":{"objectType":"StatementRef","id":"6f1c7c3e-0a6d-4e0f-9d2a-1c2b3c4d5e6f"}}""");

    assertThat(StatementIndex.activities(statement)).isEmpty();
    assertThat(StatementIndex.agents(statement)).containsExactly(new IndexEntry(ALICE_KEY, "actor"));
  }
}
