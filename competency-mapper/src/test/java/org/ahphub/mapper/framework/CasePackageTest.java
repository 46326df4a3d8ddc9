package org.ahphub.mapper.framework;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class CasePackageTest {

  private static Framework framework;
  private static JsonObject pkg;

  @BeforeAll
  static void build() {
    framework = Framework.load();
    pkg = CasePackage.of(framework);
  }

  @Test
  @DisplayName("the package holds 8 domain, 55 competency and 165 stage indicator items")
  void itemCounts() {
    Map<String, Long> byType = items().stream()
        .collect(Collectors.groupingBy(item -> item.getString("CFItemType"), Collectors.counting()));
    assertThat(byType).containsOnly(
        Map.entry(CasePackage.ITEM_TYPE_DOMAIN, 8L),
        Map.entry(CasePackage.ITEM_TYPE_COMPETENCY, 55L),
        Map.entry(CasePackage.ITEM_TYPE_STAGE_INDICATOR, 165L));
    assertThat(pkg.getJsonArray("CFAssociations")).hasSize(8 + 55 + 165);
    assertThat(pkg.getJsonObject("CFDefinitions").getJsonArray("CFItemTypes")).hasSize(3);
  }

  @Test
  @DisplayName("the document carries the framework's metadata and a UUID v5 of its IRI")
  void document() {
    JsonObject document = pkg.getJsonObject("CFDocument");
    assertThat(document.getString("uri")).isEqualTo(framework.iri());
    assertThat(document.getString("identifier")).isEqualTo("ff70e51c-d81b-58ed-ac8c-fd9c5e47f73f");
    assertThat(document.getString("title")).isEqualTo(framework.title());
    assertThat(document.getString("creator")).isEqualTo("Health Education England");
    assertThat(document.getString("publisher")).isEqualTo("Health Education England");
    assertThat(document.getString("version")).isEqualTo("2021");
    assertThat(document.getString("language")).isEqualTo("en");
    assertThat(document.getString("lastChangeDateTime")).isNotBlank();
    assertThat(document.getJsonObject("CFPackageURI").getString("identifier")).isEqualTo(document.getString("identifier"));
  }

  @Test
  @DisplayName("a stage indicator item states the indicator verbatim under a code such as 5.6-entry")
  void indicatorItem() {
    JsonObject item = items().stream()
        .filter(i -> "5.6-entry".equals(i.getString("humanCodingScheme")))
        .findFirst().orElseThrow();
    Competency competency = framework.competency("5.6").orElseThrow();
    assertThat(item.getString("fullStatement")).isEqualTo(competency.indicator(Stage.ENTRY));
    assertThat(item.getString("uri")).isEqualTo(competency.stageIri(Stage.ENTRY));
    assertThat(item.getString("identifier")).isEqualTo("e76f6f7b-c713-55a8-9b61-67473f011461");
    assertThat(item.getJsonArray("educationLevel")).containsExactly("RQF Level 2");
  }

  @Test
  @DisplayName("every item reaches the document through isChildOf: indicator → competency → domain → document")
  void everyItemReachesTheDocument() {
    String documentId = pkg.getJsonObject("CFDocument").getString("identifier");
    Map<String, String> parentOf = new HashMap<>();
    for (Object o : pkg.getJsonArray("CFAssociations")) {
      JsonObject association = (JsonObject) o;
      assertThat(association.getString("associationType")).isEqualTo("isChildOf");
      String child = association.getJsonObject("originNodeURI").getString("identifier");
      assertThat(parentOf.put(child, association.getJsonObject("destinationNodeURI").getString("identifier")))
          .as("second parent of %s", child).isNull();
    }
    Map<String, String> typeOf = items().stream()
        .collect(Collectors.toMap(i -> i.getString("identifier"), i -> i.getString("CFItemType")));
    typeOf.put(documentId, "CFDocument");
    for (JsonObject item : items()) {
      List<String> path = new ArrayList<>();
      String node = item.getString("identifier");
      while (!node.equals(documentId)) {
        path.add(typeOf.get(node));
        assertThat(path).as("path from %s", item.getString("humanCodingScheme")).hasSizeLessThan(4);
        node = parentOf.get(node);
        assertThat(node).as("parent on the path from %s", item.getString("humanCodingScheme")).isNotNull();
      }
      List<String> expected = switch (item.getString("CFItemType")) {
        case CasePackage.ITEM_TYPE_DOMAIN -> List.of("Domain");
        case CasePackage.ITEM_TYPE_COMPETENCY -> List.of("Competency", "Domain");
        default -> List.of("Stage Indicator", "Competency", "Domain");
      };
      assertThat(path).isEqualTo(expected);
    }
  }

  @Test
  @DisplayName("identifiers are the same on every export and unique within the package")
  void stableUniqueIdentifiers() {
    assertThat(CasePackage.of(framework)).isEqualTo(pkg);
    assertThat(CasePackage.of(Framework.load())).isEqualTo(pkg);
    List<String> identifiers = new ArrayList<>();
    identifiers.add(pkg.getJsonObject("CFDocument").getString("identifier"));
    items().forEach(i -> identifiers.add(i.getString("identifier")));
    objects(pkg.getJsonArray("CFAssociations")).forEach(a -> identifiers.add(a.getString("identifier")));
    objects(pkg.getJsonObject("CFDefinitions").getJsonArray("CFItemTypes")).forEach(t -> identifiers.add(t.getString("identifier")));
    assertThat(identifiers).hasSize(1 + 228 + 228 + 3).doesNotHaveDuplicates();
    Set<Integer> versions = new HashSet<>();
    identifiers.forEach(id -> versions.add(UUID.fromString(id).version()));
    assertThat(versions).containsExactly(5);
  }

  @Test
  @DisplayName("name-based UUIDs match RFC 9562 version 5")
  void uuidV5() {
    UUID dns = UUID.fromString("6ba7b810-9dad-11d1-80b4-00c04fd430c8");
    assertThat(NameBasedUuid.v5(dns, "python.org")).hasToString("886313e1-3b8a-5372-9b90-0c9aee199e5d");
    assertThat(NameBasedUuid.forIri(framework.iri())).hasToString("ff70e51c-d81b-58ed-ac8c-fd9c5e47f73f");
  }

  private static List<JsonObject> items() {
    return objects(pkg.getJsonArray("CFItems"));
  }

  private static List<JsonObject> objects(JsonArray array) {
    return array.stream().map(JsonObject.class::cast).toList();
  }
}
