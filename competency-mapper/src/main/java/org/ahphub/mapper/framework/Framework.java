package org.ahphub.mapper.framework;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The HEE AHP Support Worker Competency, Education and Career Development Framework (2021) as data:
 * 8 domains, 55 competencies and an indicator per competency and stage, loaded from a classpath
 * resource. Immutable and safe to share.
 */
public final class Framework {

  /** The classpath resource holding the framework document. */
  public static final String RESOURCE = "/framework/hee-ahp-support-worker-2021.json";

  private final String iri;
  private final String title;
  private final String publisher;
  private final String version;
  private final int dataVersion;
  private final Map<Stage, String> stageIris;
  private final List<Domain> domains;
  private final List<Competency> competencies;
  private final Map<String, Competency> byNumber;
  private final Map<String, CompetencyStage> byActivityIri;

  private Framework(
      String iri,
      String title,
      String publisher,
      String version,
      int dataVersion,
      Map<Stage, String> stageIris,
      List<Domain> domains) {
    this.iri = iri;
    this.title = title;
    this.publisher = publisher;
    this.version = version;
    this.dataVersion = dataVersion;
    this.stageIris = Collections.unmodifiableMap(new EnumMap<>(stageIris));
    this.domains = List.copyOf(domains);
    this.competencies = this.domains.stream().flatMap(d -> d.competencies().stream()).toList();
    Map<String, Competency> numbers = new LinkedHashMap<>();
    Map<String, CompetencyStage> iris = new LinkedHashMap<>();
    for (Competency competency : competencies) {
      numbers.put(competency.number(), competency);
      iris.put(competency.iri(), new CompetencyStage(competency, Optional.empty()));
      for (Stage stage : Stage.values()) {
        iris.put(competency.stageIri(stage), new CompetencyStage(competency, Optional.of(stage)));
      }
    }
    this.byNumber = Collections.unmodifiableMap(numbers);
    this.byActivityIri = Collections.unmodifiableMap(iris);
  }

  /**
   * Loads the framework from {@link #RESOURCE}.
   *
   * @throws IllegalStateException when the resource is missing or malformed; the message names the
   *     resource and the JSON path of the problem
   */
  public static Framework load() {
    return load(RESOURCE);
  }

  static Framework load(String resource) {
    try (InputStream in = Framework.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("framework resource " + resource + " is not on the classpath");
      }
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      JsonObject json;
      try {
        json = new JsonObject(text);
      } catch (DecodeException e) {
        throw new IllegalStateException("framework resource " + resource + " is not a JSON object: " + e.getMessage(), e);
      }
      return fromJson(json, resource);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read framework resource " + resource, e);
    }
  }

  /**
   * Builds a framework from its JSON document.
   *
   * @param source named in error messages (e.g. the resource path)
   * @throws IllegalStateException when the document is malformed, naming the JSON path of the problem
   */
  static Framework fromJson(JsonObject json, String source) {
    return new Parser(source).framework(json);
  }

  /** The framework IRI, e.g. {@code https://ahp-hub.org/frameworks/hee-ahp-support-worker/2021}. */
  public String iri() {
    return iri;
  }

  public String title() {
    return title;
  }

  public String publisher() {
    return publisher;
  }

  /** The framework's own version (its publication year). */
  public String version() {
    return version;
  }

  /** The version of this transcription of the framework; bumped whenever the data changes. */
  public int dataVersion() {
    return dataVersion;
  }

  /** The IRI of a stage itself, e.g. {@code <framework>/stages/entry}. */
  public String stageIri(Stage stage) {
    return stageIris.get(stage);
  }

  /** The eight domains in framework order. */
  public List<Domain> domains() {
    return domains;
  }

  /** All competencies in framework order (1.1 … 8.6). */
  public List<Competency> competencies() {
    return competencies;
  }

  /** The competency numbered e.g. {@code "5.6"}, or empty. */
  public Optional<Competency> competency(String number) {
    return Optional.ofNullable(byNumber.get(number));
  }

  /** The domain numbered 1 to 8, or empty. */
  public Optional<Domain> domain(int number) {
    return domains.stream().filter(d -> d.number() == number).findFirst();
  }

  /**
   * What an xAPI activity IRI names: a competency IRI resolves with no stage, a competency × stage IRI
   * ({@code <competency iri>/<stage code>}) with its stage, anything else to empty. IRIs are compared
   * exactly, as xAPI compares activity ids.
   */
  public Optional<CompetencyStage> resolve(String activityIri) {
    if (activityIri == null) {
      return Optional.empty();
    }
    return Optional.ofNullable(byActivityIri.get(activityIri));
  }

  /**
   * The stages an activity IRI gives evidence for: the stage of a competency × stage IRI; for a bare
   * competency IRI all three stages when one indicator spans them, otherwise only {@link Stage#ENTRY};
   * nothing for an IRI outside the framework. Iterates in order of progression.
   */
  public Set<Stage> stagesEvidencedBy(String activityIri) {
    return resolve(activityIri)
        .map(resolved -> resolved.stage()
            .map(EnumSet::of)
            .orElseGet(() -> resolved.competency().spansAllStages() ? EnumSet.allOf(Stage.class) : EnumSet.of(Stage.ENTRY)))
        .map(Collections::unmodifiableSet)
        .orElse(Collections.emptySet());
  }

  /** The framework document served at {@code GET /framework}: the resource's shape plus each competency's {@code stageIris}. */
  public JsonObject toJson() {
    JsonArray stages = new JsonArray();
    for (Stage stage : Stage.values()) {
      stages.add(new JsonObject().put("code", stage.code()).put("title", stage.title()).put("id", stageIri(stage)));
    }
    JsonArray domainsJson = new JsonArray();
    for (Domain domain : domains) {
      JsonArray competenciesJson = new JsonArray();
      for (Competency competency : domain.competencies()) {
        JsonObject indicators = new JsonObject();
        JsonObject iris = new JsonObject();
        for (Stage stage : Stage.values()) {
          indicators.put(stage.code(), competency.indicator(stage));
          iris.put(stage.code(), competency.stageIri(stage));
        }
        competenciesJson.add(new JsonObject()
            .put("number", competency.number())
            .put("id", competency.iri())
            .put("title", competency.title())
            .put("spansAllStages", competency.spansAllStages())
            .put("indicators", indicators)
            .put("stageIris", iris));
      }
      domainsJson.add(new JsonObject()
          .put("number", domain.number())
          .put("id", domain.iri())
          .put("title", domain.title())
          .put("description", domain.description())
          .put("competencies", competenciesJson));
    }
    return new JsonObject()
        .put("id", iri)
        .put("title", title)
        .put("publisher", publisher)
        .put("version", version)
        .put("dataVersion", dataVersion)
        .put("stages", stages)
        .put("domains", domainsJson);
  }

  @Override
  public String toString() {
    return "Framework[" + iri + ", dataVersion " + dataVersion + ", " + competencies.size() + " competencies]";
  }

  /** Reads the framework document, failing on the first problem with its JSON path. */
  private static final class Parser {
    private final String source;
    private final Set<String> seenIris = new HashSet<>();
    private final Set<String> seenNumbers = new HashSet<>();

    Parser(String source) {
      this.source = source;
    }

    Framework framework(JsonObject json) {
      String iri = string(json, "id", "$.id");
      seenIris.add(iri);
      Map<Stage, String> stageIris = stages(array(json, "stages", "$.stages"));
      JsonArray domainsJson = array(json, "domains", "$.domains");
      List<Domain> domains = new ArrayList<>();
      for (int i = 0; i < domainsJson.size(); i++) {
        domains.add(domain(object(domainsJson, i, "$.domains[" + i + "]"), "$.domains[" + i + "]"));
      }
      if (domains.isEmpty()) {
        throw fail("$.domains", "has no domains");
      }
      return new Framework(
          iri,
          string(json, "title", "$.title"),
          string(json, "publisher", "$.publisher"),
          string(json, "version", "$.version"),
          integer(json, "dataVersion", "$.dataVersion"),
          stageIris,
          domains);
    }

    private Map<Stage, String> stages(JsonArray json) {
      Map<Stage, String> iris = new EnumMap<>(Stage.class);
      for (int i = 0; i < json.size(); i++) {
        String path = "$.stages[" + i + "]";
        JsonObject stageJson = object(json, i, path);
        String code = string(stageJson, "code", path + ".code");
        Stage stage = Stage.fromCode(code).orElseThrow(() -> fail(path + ".code", "is the unknown stage '" + code + "'"));
        if (iris.put(stage, unique(string(stageJson, "id", path + ".id"), path + ".id")) != null) {
          throw fail(path + ".code", "repeats stage '" + code + "'");
        }
      }
      for (Stage stage : Stage.values()) {
        if (!iris.containsKey(stage)) {
          throw fail("$.stages", "lacks stage '" + stage.code() + "'");
        }
      }
      return iris;
    }

    private Domain domain(JsonObject json, String path) {
      int number = integer(json, "number", path + ".number");
      if (!seenNumbers.add(String.valueOf(number))) {
        throw fail(path + ".number", "repeats domain " + number);
      }
      JsonArray competenciesJson = array(json, "competencies", path + ".competencies");
      List<Competency> competencies = new ArrayList<>();
      for (int i = 0; i < competenciesJson.size(); i++) {
        String competencyPath = path + ".competencies[" + i + "]";
        competencies.add(competency(object(competenciesJson, i, competencyPath), number, competencyPath));
      }
      if (competencies.isEmpty()) {
        throw fail(path + ".competencies", "is empty");
      }
      return new Domain(
          number,
          unique(string(json, "id", path + ".id"), path + ".id"),
          string(json, "title", path + ".title"),
          string(json, "description", path + ".description"),
          competencies);
    }

    private Competency competency(JsonObject json, int domainNumber, String path) {
      String number = string(json, "number", path + ".number");
      if (!number.startsWith(domainNumber + ".")) {
        throw fail(path + ".number", "'" + number + "' is not numbered within domain " + domainNumber);
      }
      if (!seenNumbers.add(number)) {
        throw fail(path + ".number", "repeats competency " + number);
      }
      String iri = unique(string(json, "id", path + ".id"), path + ".id");
      Boolean spans = json.getValue("spansAllStages") instanceof Boolean b ? b : null;
      if (spans == null) {
        throw fail(path + ".spansAllStages", "is missing or not a boolean");
      }
      JsonObject indicatorsJson = json.getValue("indicators") instanceof JsonObject o ? o : null;
      if (indicatorsJson == null) {
        throw fail(path + ".indicators", "is missing or not an object");
      }
      Map<Stage, String> indicators = new EnumMap<>(Stage.class);
      for (Stage stage : Stage.values()) {
        indicators.put(stage, string(indicatorsJson, stage.code(), path + ".indicators." + stage.code()));
      }
      for (String code : indicatorsJson.fieldNames()) {
        if (Stage.fromCode(code).isEmpty()) {
          throw fail(path + ".indicators." + code, "is not a stage code");
        }
      }
      if (spans && indicators.values().stream().distinct().count() != 1) {
        throw fail(path + ".indicators", "must hold one text for every stage when spansAllStages is true");
      }
      Competency competency = new Competency(number, iri, string(json, "title", path + ".title"), domainNumber, spans, indicators);
      for (Stage stage : Stage.values()) {
        unique(competency.stageIri(stage), path + ".id (as " + stage.code() + " stage IRI)");
      }
      return competency;
    }

    private String unique(String iri, String path) {
      if (!seenIris.add(iri)) {
        throw fail(path, "repeats the IRI " + iri);
      }
      return iri;
    }

    private String string(JsonObject json, String key, String path) {
      if (json.getValue(key) instanceof String s && !s.isBlank()) {
        return s;
      }
      throw fail(path, "is missing or not a non-empty string");
    }

    private int integer(JsonObject json, String key, String path) {
      if (json.getValue(key) instanceof Integer n) {
        return n;
      }
      throw fail(path, "is missing or not an integer");
    }

    private JsonArray array(JsonObject json, String key, String path) {
      if (json.getValue(key) instanceof JsonArray a) {
        return a;
      }
      throw fail(path, "is missing or not an array");
    }

    private JsonObject object(JsonArray json, int index, String path) {
      if (json.getValue(index) instanceof JsonObject o) {
        return o;
      }
      throw fail(path, "is not an object");
    }

    private IllegalStateException fail(String path, String problem) {
      return new IllegalStateException("framework resource " + source + ": " + path + " " + problem);
    }
  }
}
