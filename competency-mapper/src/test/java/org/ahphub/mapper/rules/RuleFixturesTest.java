package org.ahphub.mapper.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.Period;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.ahphub.mapper.framework.Framework;
import org.ahphub.mapper.framework.Stage;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every crediting rule against its fixtures: {@code fixtures/<rule>/<case>.json} holds a stored
 * statement as the LRS publishes it, the catalogue when the rule needs one, and the credits expected.
 * The whole rule set runs, as in production, so a fixture also proves which rule gave each credit.
 */
class RuleFixturesTest {

  private static final Framework FRAMEWORK = Framework.load();
  private static final RuleData DATA = RuleData.load(FRAMEWORK);
  private static final CreditingRules RULES = new CreditingRules(FRAMEWORK);

  @TestFactory
  @DisplayName("each rule credits what its fixtures expect")
  Stream<DynamicNode> fixtures() throws IOException, URISyntaxException {
    Path root = Path.of(RuleFixturesTest.class.getResource("/fixtures").toURI());
    List<DynamicNode> rules = new ArrayList<>();
    try (Stream<Path> folders = Files.list(root).sorted()) {
      for (Path folder : folders.toList()) {
        List<DynamicNode> cases = new ArrayList<>();
        try (Stream<Path> files = Files.list(folder).sorted()) {
          for (Path file : files.filter(f -> f.toString().endsWith(".json")).toList()) {
            JsonObject fixture = new JsonObject(Files.readString(file));
            cases.add(DynamicTest.dynamicTest(file.getFileName() + ": " + fixture.getString("description"),
                () -> check(fixture)));
          }
        }
        rules.add(DynamicContainer.dynamicContainer(folder.getFileName().toString() + " (" + cases.size() + " fixtures)", cases));
      }
    }
    assertThat(rules).hasSizeGreaterThanOrEqualTo(6);
    return rules.stream();
  }

  private static void check(JsonObject fixture) {
    ReferenceData reference = new ReferenceData(FRAMEWORK, DATA, catalogue(fixture.getJsonArray("catalogue")));
    List<JsonObject> actual = RULES.credits(fixture.getJsonObject("statement"), reference).stream()
        .map(RuleFixturesTest::json).toList();
    List<JsonObject> expected = fixture.getJsonArray("expected").stream().map(o -> normalise((JsonObject) o)).toList();
    assertThat(actual).containsExactlyElementsOf(expected);
  }

  private static JsonObject json(Credit credit) {
    return new JsonObject()
        .put("competency", credit.competencyNumber())
        .put("stage", credit.stage().code())
        .put("rule", credit.ruleId() + "@" + credit.ruleVersion())
        .put("kind", credit.kind())
        .put("basis", credit.basis())
        .put("confidence", credit.confidence())
        .put("validFrom", credit.validFrom().toString())
        .put("validUntil", credit.validUntil() == null ? null : credit.validUntil().toString());
  }

  private static JsonObject normalise(JsonObject expected) {
    JsonObject copy = expected.copy();
    copy.put("confidence", ((Number) expected.getValue("confidence")).doubleValue());
    copy.put("validFrom", Instant.parse(expected.getString("validFrom")).toString());
    String until = expected.getString("validUntil");
    copy.put("validUntil", until == null ? null : Instant.parse(until).toString());
    return copy;
  }

  private static Map<String, CatalogueEntry> catalogue(JsonArray entries) {
    Map<String, CatalogueEntry> catalogue = new HashMap<>();
    if (entries == null) {
      return catalogue;
    }
    for (Object o : entries) {
      JsonObject entry = (JsonObject) o;
      List<CatalogueEntry.Target> targets = entry.getJsonArray("competencies").stream()
          .map(t -> (JsonObject) t)
          .map(t -> new CatalogueEntry.Target(t.getString("competency"), Stage.fromCode(t.getString("stage")).orElseThrow()))
          .toList();
      String renewal = entry.getString("renewal");
      catalogue.put(entry.getString("id"), new CatalogueEntry(entry.getString("id"), UUID.randomUUID(), "Example Trust",
          targets, entry.getDouble("passMark"), renewal == null ? null : Period.parse(renewal), entry.getString("kind")));
    }
    return catalogue;
  }
}
