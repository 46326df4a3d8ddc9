package org.ahphub.lrs.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ahphub.lrs.it.TestLrs.statement;
import static org.ahphub.lrs.it.TestLrs.uniqueMbox;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("Attachments, Activities, Agents, CORS, alternate syntax and paging while inserting")
class XapiResourcesIT {

  private static final String COMPLETED = "http://adlnet.gov/expapi/verbs/completed";

  private TestLrs lrs;

  @BeforeAll
  void start() {
    lrs = TestLrs.start();
  }

  @AfterAll
  void stop() {
    if (lrs != null) {
      lrs.close();
    }
  }

  @Test
  @DisplayName("attachments: multipart/mixed in; attachments=true returns the JSON then the content; a fileUrl-only attachment has no part")
  void attachmentsRoundTrip() throws Exception {
    byte[] content = "attachment body".getBytes(StandardCharsets.UTF_8);
    String sha2 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    String mbox = uniqueMbox();
    JsonObject withContent = statement(mbox, COMPLETED, "http://example.org/with-content").put("attachments",
        new JsonArray().add(attachment(sha2, content.length, null)));
    JsonObject fileUrlOnly = statement(mbox, COMPLETED, "http://example.org/file-url").put("attachments",
        new JsonArray().add(attachment("0".repeat(64), 10, "http://example.org/missing.txt")));
    String body = "--b\r\nContent-Type: application/json\r\n\r\n" + new JsonArray().add(withContent).add(fileUrlOnly).encode()
        + "\r\n--b\r\nContent-Type: text/plain\r\nContent-Transfer-Encoding: binary\r\nX-Experience-API-Hash: " + sha2
        + "\r\n\r\nattachment body\r\n--b--\r\n";

    HttpResponse<Buffer> posted = TestLrs.await(lrs.request(HttpMethod.POST, "/xapi/statements")
        .putHeader("Content-Type", "multipart/mixed; boundary=b").sendBuffer(Buffer.buffer(body)));
    assertThat(posted.statusCode()).as(posted.bodyAsString()).isEqualTo(200);

    HttpResponse<Buffer> read = lrs.get("/xapi/statements?attachments=true&agent="
        + enc(new JsonObject().put("mbox", mbox).encode()));
    assertThat(read.statusCode()).isEqualTo(200);
    assertThat(read.getHeader("Content-Type")).startsWith("multipart/mixed; boundary=");
    String multipart = read.bodyAsString();
    assertThat(multipart).contains("X-Experience-API-Hash: " + sha2).contains("attachment body");
    assertThat(multipart).doesNotContain("X-Experience-API-Hash: " + "0".repeat(64));

    HttpResponse<Buffer> plain = lrs.get("/xapi/statements?attachments=false&agent="
        + enc(new JsonObject().put("mbox", mbox).encode()));
    assertThat(plain.getHeader("Content-Type")).startsWith("application/json");
  }

  @Test
  @DisplayName("attachments: a raw attachment whose part is missing is a 400 and nothing is stored")
  void missingAttachmentContent() {
    JsonObject statement = statement(uniqueMbox(), COMPLETED, "http://example.org/x")
        .put("attachments", new JsonArray().add(attachment("a".repeat(64), 3, null)));
    assertThat(lrs.postJson("/xapi/statements", statement).statusCode()).isEqualTo(400);
  }

  @Test
  @DisplayName("Activities: the definition is merged from the statements that define the activity")
  void activityDefinitionIsMerged() {
    String id = "http://example.org/activity/" + UUID.randomUUID();
    String mbox = uniqueMbox();
    lrs.postJson("/xapi/statements", statement(mbox, COMPLETED, id).put("object", new JsonObject().put("id", id)
        .put("definition", new JsonObject().put("name", new JsonObject().put("en-GB", "Colour")))));
    lrs.postJson("/xapi/statements", statement(mbox, COMPLETED, id).put("object", new JsonObject().put("id", id)
        .put("definition", new JsonObject().put("name", new JsonObject().put("en-US", "Color"))
            .put("type", "http://adlnet.gov/expapi/activities/course"))));

    JsonObject activity = lrs.get("/xapi/activities?activityId=" + enc(id)).bodyAsJsonObject();

    assertThat(activity.getString("id")).isEqualTo(id);
    assertThat(activity.getJsonObject("definition").getJsonObject("name"))
        .isEqualTo(new JsonObject().put("en-GB", "Colour").put("en-US", "Color"));
    assertThat(activity.getJsonObject("definition").getString("type")).isEqualTo("http://adlnet.gov/expapi/activities/course");
  }

  @Test
  @DisplayName("Agents: a Person with every identifier as an array; an agent with two identifiers is a 400")
  void agentsResource() {
    String mbox = uniqueMbox();
    JsonObject person = lrs.get("/xapi/agents?agent=" + enc(new JsonObject().put("mbox", mbox).put("name", "A").encode()))
        .bodyAsJsonObject();

    assertThat(person.getString("objectType")).isEqualTo("Person");
    assertThat(person.getJsonArray("mbox")).containsExactly(mbox);
    assertThat(person.getJsonArray("name")).containsExactly("A");
    assertThat(lrs.get("/xapi/agents?agent=" + enc(new JsonObject().put("mbox", mbox)
        .put("openid", "http://id.example.org/a").encode())).statusCode()).isEqualTo(400);
  }

  @Test
  @DisplayName("CORS: a preflight is answered without credentials and exposes the xAPI headers")
  void corsPreflight() {
    HttpResponse<Buffer> preflight = TestLrs.await(lrs.vertx() == null ? null
        : io.vertx.ext.web.client.WebClient.create(lrs.vertx())
            .request(HttpMethod.OPTIONS, lrs.server().port(), "127.0.0.1", "/xapi/statements")
            .putHeader("Origin", "https://content.example.org")
            .putHeader("Access-Control-Request-Method", "POST")
            .putHeader("Access-Control-Request-Headers", "authorization,content-type,x-experience-api-version")
            .send());
    HttpResponse<Buffer> get = TestLrs.await(lrs.request(HttpMethod.GET, "/xapi/statements?limit=1")
        .putHeader("Origin", "https://content.example.org").send());

    assertThat(preflight.statusCode()).isLessThan(300);
    assertThat(preflight.getHeader("Access-Control-Allow-Origin")).isEqualTo("https://content.example.org");
    assertThat(preflight.getHeader("Access-Control-Allow-Headers").toLowerCase()).contains("x-experience-api-version");
    assertThat(get.getHeader("Access-Control-Expose-Headers")).contains("X-Experience-API-Consistent-Through");
  }

  @Test
  @DisplayName("alternate request syntax (1.0.3): a form POST with method=PUT stores the statement; 2.0.0 rejects it")
  void alternateSyntax() {
    String id = UUID.randomUUID().toString();
    String form = "statementId=" + id + "&content=" + enc(statement(uniqueMbox(), COMPLETED, "http://example.org/alt").encode())
        + "&Authorization=" + enc(TestLrs.basic(TestLrs.KEY, TestLrs.SECRET)) + "&X-Experience-API-Version=1.0.3";

    HttpResponse<Buffer> put = TestLrs.await(io.vertx.ext.web.client.WebClient.create(lrs.vertx())
        .post(lrs.server().port(), "127.0.0.1", "/xapi/statements?method=PUT")
        .putHeader("Content-Type", "application/x-www-form-urlencoded").sendBuffer(Buffer.buffer(form)));
    HttpResponse<Buffer> on2 = TestLrs.await(io.vertx.ext.web.client.WebClient.create(lrs.vertx())
        .post(lrs.server().port(), "127.0.0.1", "/xapi/statements?method=GET")
        .putHeader("Content-Type", "application/x-www-form-urlencoded")
        .sendBuffer(Buffer.buffer("Authorization=" + enc(TestLrs.basic(TestLrs.KEY, TestLrs.SECRET))
            + "&X-Experience-API-Version=2.0.0")));

    assertThat(put.statusCode()).as(put.bodyAsString()).isEqualTo(204);
    assertThat(lrs.get("/xapi/statements?statementId=" + id).statusCode()).isEqualTo(200);
    assertThat(on2.statusCode()).isEqualTo(400);
  }

  @Test
  @DisplayName("more links stay correct while statements arrive: every earlier statement once, none of the new ones")
  void pagingWhileInserting() {
    String mbox = uniqueMbox();
    String agent = enc(new JsonObject().put("mbox", mbox).encode());
    List<String> posted = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      posted.add(0, lrs.postJson("/xapi/statements", statement(mbox, COMPLETED, "http://example.org/p/" + i))
          .bodyAsJsonArray().getString(0));
    }
    List<String> seen = new ArrayList<>();
    String next = "/xapi/statements?limit=2&agent=" + agent;
    while (!next.isEmpty()) {
      JsonObject page = lrs.get(next).bodyAsJsonObject();
      page.getJsonArray("statements").forEach(s -> seen.add(((JsonObject) s).getString("id")));
      lrs.postJson("/xapi/statements", statement(mbox, COMPLETED, "http://example.org/late"));
      next = page.getString("more");
    }
    assertThat(seen).containsExactlyElementsOf(posted);
  }

  private static JsonObject attachment(String sha2, int length, String fileUrl) {
    JsonObject attachment = new JsonObject()
        .put("usageType", "http://example.org/usage/evidence")
        .put("display", new JsonObject().put("en-GB", "evidence"))
        .put("contentType", "text/plain")
        .put("length", length)
        .put("sha2", sha2);
    return fileUrl == null ? attachment : attachment.put("fileUrl", fileUrl);
  }

  private static String enc(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
