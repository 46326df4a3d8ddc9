package org.ahphub.mapper.framework;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class FrameworkTest {

  private static final String FW = "https://ahp-hub.org/frameworks/hee-ahp-support-worker/2021";
  /** A copy of the HEE seed text (shared/seeds/004_90a1325b61bb83ff.txt), so the check runs in any clone. */
  private static final String SEED = "/seeds/hee-ahp-support-worker-framework-2021.txt";

  private static Framework framework;

  @BeforeAll
  static void load() {
    framework = Framework.load();
  }

  @Test
  @DisplayName("the framework has the eight HEE domains in order")
  void eightDomains() {
    assertThat(framework.iri()).isEqualTo(FW);
    assertThat(framework.domains()).extracting(Domain::number).containsExactly(1, 2, 3, 4, 5, 6, 7, 8);
    assertThat(framework.domains()).extracting(Domain::title).containsExactly(
        "formal knowledge and experience",
        "supporting service users",
        "clinical, technical and scientific roles and responsibilities",
        "communication and information management",
        "safe and inclusive environments",
        "research and service improvement",
        "leadership and management",
        "personal and professional values and behaviours");
    assertThat(framework.domains()).allSatisfy(domain -> {
      assertThat(domain.iri()).isEqualTo(FW + "/domains/" + domain.number());
      assertThat(domain.description()).isNotBlank();
    });
  }

  @Test
  @DisplayName("there are 55 competencies: 3, 12, 12, 4, 11, 2, 5 and 6 per domain, numbered in order")
  void fiftyFiveCompetencies() {
    assertThat(framework.competencies()).hasSize(55);
    Map<Integer, Long> perDomain = framework.competencies().stream()
        .collect(Collectors.groupingBy(Competency::domainNumber, LinkedHashMap::new, Collectors.counting()));
    assertThat(perDomain).containsExactly(
        Map.entry(1, 3L), Map.entry(2, 12L), Map.entry(3, 12L), Map.entry(4, 4L),
        Map.entry(5, 11L), Map.entry(6, 2L), Map.entry(7, 5L), Map.entry(8, 6L));
    for (Domain domain : framework.domains()) {
      for (int i = 0; i < domain.competencies().size(); i++) {
        Competency competency = domain.competencies().get(i);
        assertThat(competency.number()).isEqualTo(domain.number() + "." + (i + 1));
        assertThat(competency.iri()).isEqualTo(FW + "/competencies/" + competency.number());
        assertThat(framework.competency(competency.number())).containsSame(competency);
      }
    }
    assertThat(framework.competency("1.1").orElseThrow().title()).isEqualTo("Education requirements");
    assertThat(framework.competency("9.1")).isEmpty();
  }

  @Test
  @DisplayName("every indicator is a whole cell of the seed's framework table, verbatim")
  void indicatorsVerbatim() throws IOException {
    Set<String> cells = Files.readAllLines(seed(), StandardCharsets.UTF_8).stream()
        .flatMap(line -> Arrays.stream(line.split("\t")))
        .map(String::strip)
        .collect(Collectors.toSet());
    for (Competency competency : framework.competencies()) {
      for (Stage stage : Stage.values()) {
        assertThat(cells)
            .as("indicator %s at %s", competency.number(), stage.code())
            .contains(competency.indicator(stage));
      }
    }
  }

  @Test
  @DisplayName("a competency spans all stages exactly when the seed row fills only the first indicator column")
  void spansAllStagesMatchesSeed() throws IOException {
    Map<String, String[]> rows = Files.readAllLines(seed(), StandardCharsets.UTF_8).stream()
        .filter(line -> line.matches("^\\s*\\d\\.\\d+ .*\t.*"))
        .map(line -> line.split("\t", -1))
        .collect(Collectors.toMap(cells -> cells[0].strip().split(" ", 2)[0], cells -> cells, (a, b) -> a));
    assertThat(rows).hasSize(55);
    for (Competency competency : framework.competencies()) {
      String[] cells = rows.get(competency.number());
      assertThat(cells).as("seed row %s", competency.number()).isNotNull();
      assertThat(cells[0].strip()).startsWith(competency.number() + " " + competency.title());
      boolean onlyFirst = cells[2].isBlank() && cells[3].isBlank();
      assertThat(competency.spansAllStages()).as("spansAllStages of %s", competency.number()).isEqualTo(onlyFirst);
    }
    assertThat(framework.competency("5.2").orElseThrow().spansAllStages()).isFalse();
    assertThat(framework.competency("5.2").orElseThrow().indicator(Stage.ENTRY))
        .isEqualTo(framework.competency("5.2").orElseThrow().indicator(Stage.INTERMEDIATE));
  }

  @Test
  @DisplayName("a competency × stage IRI resolves to that competency and stage, and evidences only that stage")
  void stageIrisResolve() {
    String iri = FW + "/competencies/5.6/entry";
    Competency infectionControl = framework.competency("5.6").orElseThrow();
    assertThat(infectionControl.stageIri(Stage.ENTRY)).isEqualTo(iri);
    assertThat(framework.resolve(iri)).contains(new CompetencyStage(infectionControl, java.util.Optional.of(Stage.ENTRY)));
    assertThat(framework.stagesEvidencedBy(FW + "/competencies/5.6/assistant-practitioner"))
        .containsExactly(Stage.ASSISTANT_PRACTITIONER);
    for (Competency competency : framework.competencies()) {
      for (Stage stage : Stage.values()) {
        assertThat(framework.resolve(competency.stageIri(stage)))
            .hasValueSatisfying(resolved -> {
              assertThat(resolved.competency()).isSameAs(competency);
              assertThat(resolved.stage()).contains(stage);
            });
      }
      assertThat(framework.resolve(competency.iri())).hasValueSatisfying(resolved -> assertThat(resolved.stage()).isEmpty());
    }
  }

  @Test
  @DisplayName("IRIs outside the framework resolve to nothing and evidence no stage")
  void unknownIris() {
    for (String iri : new String[] {
        FW + "/competencies/9.9", FW + "/competencies/5.6/expert", FW + "/competencies/5.6/", FW + "/domains/5",
        FW, "https://example.org/course/1", "", null}) {
      assertThat(framework.resolve(iri)).as(String.valueOf(iri)).isEmpty();
      assertThat(framework.stagesEvidencedBy(iri)).as(String.valueOf(iri)).isEmpty();
    }
  }

  @Test
  @DisplayName("a bare competency IRI evidences all three stages when one indicator spans them, otherwise only entry")
  void bareCompetencyIris() {
    assertThat(framework.stagesEvidencedBy(FW + "/competencies/1.3"))
        .containsExactly(Stage.ENTRY, Stage.INTERMEDIATE, Stage.ASSISTANT_PRACTITIONER);
    assertThat(framework.stagesEvidencedBy(FW + "/competencies/5.6")).containsExactly(Stage.ENTRY);
    for (Competency competency : framework.competencies()) {
      Set<Stage> expected = competency.spansAllStages() ? EnumSet.allOf(Stage.class) : EnumSet.of(Stage.ENTRY);
      assertThat(framework.stagesEvidencedBy(competency.iri())).isEqualTo(expected);
      if (competency.spansAllStages()) {
        assertThat(competency.indicators().values()).containsOnly(competency.indicator(Stage.ENTRY));
      }
    }
  }

  @Test
  @DisplayName("stages are ordered by progression and found by their codes")
  void stages() {
    assertThat(Stage.values()).containsExactly(Stage.ENTRY, Stage.INTERMEDIATE, Stage.ASSISTANT_PRACTITIONER);
    assertThat(Stage.fromCode("assistant-practitioner")).contains(Stage.ASSISTANT_PRACTITIONER);
    assertThat(Stage.fromCode("ENTRY")).isEmpty();
    assertThat(Stage.fromCode(null)).isEmpty();
    assertThat(framework.stageIri(Stage.INTERMEDIATE)).isEqualTo(FW + "/stages/intermediate");
  }

  @Test
  @DisplayName("the served document keeps the resource's shape and adds each competency's stage IRIs")
  void servedDocument() throws IOException {
    JsonObject resource;
    try (var in = Framework.class.getResourceAsStream(Framework.RESOURCE)) {
      resource = new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
    JsonObject served = framework.toJson();
    JsonObject withoutStageIris = served.copy();
    withoutStageIris.getJsonArray("domains").forEach(d -> ((JsonObject) d).getJsonArray("competencies")
        .forEach(c -> ((JsonObject) c).remove("stageIris")));
    assertThat(withoutStageIris).isEqualTo(resource);
    JsonObject competency = served.getJsonArray("domains").getJsonObject(4).getJsonArray("competencies").getJsonObject(5);
    assertThat(competency.getString("number")).isEqualTo("5.6");
    assertThat(competency.getJsonObject("stageIris").getString("entry")).isEqualTo(FW + "/competencies/5.6/entry");
  }

  @Test
  @DisplayName("a missing or malformed framework resource fails fast, naming the resource and the JSON path")
  void failsFast() {
    assertThatThrownBy(() -> Framework.load("/framework/no-such-framework.json"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("/framework/no-such-framework.json");
    JsonObject broken = framework.toJson();
    broken.getJsonArray("domains").getJsonObject(1).getJsonArray("competencies").getJsonObject(0)
        .getJsonObject("indicators").remove("intermediate");
    assertThatThrownBy(() -> Framework.fromJson(broken, "test"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("$.domains[1].competencies[0].indicators.intermediate");
    JsonObject misnumbered = framework.toJson();
    misnumbered.getJsonArray("domains").getJsonObject(0).getJsonArray("competencies").getJsonObject(0).put("number", "2.1");
    assertThatThrownBy(() -> Framework.fromJson(misnumbered, "test"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("$.domains[0].competencies[0].number");
  }

  /** The seed the framework was transcribed from, as shipped in the test resources. */
  private static Path seed() {
    java.net.URL resource = FrameworkTest.class.getResource(SEED);
    if (resource == null) {
      return fail("the framework seed " + SEED + " is missing from the test resources");
    }
    try {
      return Path.of(resource.toURI());
    } catch (java.net.URISyntaxException e) {
      return fail("the framework seed " + SEED + " cannot be read: " + e);
    }
  }
}
