package org.ahphub.mapper.framework;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;

/**
 * The framework as a 1EdTech CASE 1.1 package ({@code CFPackage}): a {@code CFDocument}, one
 * {@code CFItem} per domain, per competency and per competency × stage indicator, {@code isChildOf}
 * associations (indicator → competency → domain → document) and the item types in
 * {@code CFDefinitions}.
 *
 * <p>Every identifier is a version 5 UUID of the IRI it stands for, so the package is the same on
 * every call and every node. CFItem and CFDocument {@code uri}s are the framework's own IRIs, the ones
 * xAPI statements use as activity ids.
 */
public final class CasePackage {

  public static final String ITEM_TYPE_DOMAIN = "Domain";
  public static final String ITEM_TYPE_COMPETENCY = "Competency";
  public static final String ITEM_TYPE_STAGE_INDICATOR = "Stage Indicator";
  public static final String IS_CHILD_OF = "isChildOf";

  // The framework was published in October 2021; dataVersion 1 transcribes it unchanged.
  // Change this together with dataVersion when the data changes.
  private static final String LAST_CHANGE = "2021-10-01T00:00:00+00:00";
  private static final String LANGUAGE = "en";

  // Minimum qualification level per stage, from competency 1.1 (education requirements).
  private static final Map<Stage, String> EDUCATION_LEVEL = Map.of(
      Stage.ENTRY, "RQF Level 2",
      Stage.INTERMEDIATE, "RQF Level 3",
      Stage.ASSISTANT_PRACTITIONER, "RQF Level 5");

  private final Framework framework;
  private final JsonObject documentLink;
  private final JsonArray items = new JsonArray();
  private final JsonArray associations = new JsonArray();
  private final JsonArray itemTypes = new JsonArray();
  private final Map<String, JsonObject> itemTypeLinks;

  private CasePackage(Framework framework) {
    this.framework = framework;
    this.documentLink = link(framework.title(), framework.iri());
    this.itemTypeLinks = Map.of(
        ITEM_TYPE_DOMAIN, itemType(ITEM_TYPE_DOMAIN, "domain", "1", "A domain of the framework, grouping competencies."),
        ITEM_TYPE_COMPETENCY, itemType(ITEM_TYPE_COMPETENCY, "competency", "2", "A competency: knowledge, skills and behaviours combined."),
        ITEM_TYPE_STAGE_INDICATOR, itemType(ITEM_TYPE_STAGE_INDICATOR, "stage-indicator", "3",
            "What a competency requires at one career stage: support worker, senior support worker or assistant practitioner."));
  }

  /** The CASE 1.1 package of a framework; a new object on every call, equal across calls. */
  public static JsonObject of(Framework framework) {
    return new CasePackage(framework).build();
  }

  private JsonObject build() {
    List<Domain> domains = framework.domains();
    for (int d = 0; d < domains.size(); d++) {
      Domain domain = domains.get(d);
      JsonObject domainLink = link(domain.number() + " " + domain.title(), domain.iri());
      items.add(item(domain.iri(), domain.title(), ITEM_TYPE_DOMAIN, String.valueOf(domain.number()), d + 1)
          .put("notes", domain.description()));
      associate(domainLink, documentLink, d + 1);

      List<Competency> competencies = domain.competencies();
      for (int c = 0; c < competencies.size(); c++) {
        Competency competency = competencies.get(c);
        JsonObject competencyLink = link(competency.number() + " " + competency.title(), competency.iri());
        JsonObject competencyItem = item(competency.iri(), competency.title(), ITEM_TYPE_COMPETENCY, competency.number(), c + 1);
        if (competency.spansAllStages()) {
          competencyItem.put("notes", "One indicator spans all three stages.");
        }
        items.add(competencyItem);
        associate(competencyLink, domainLink, c + 1);

        for (Stage stage : Stage.values()) {
          String iri = competency.stageIri(stage);
          String label = competency.number() + " " + competency.title() + " (" + stage.title() + ")";
          items.add(item(iri, competency.indicator(stage), ITEM_TYPE_STAGE_INDICATOR,
                  competency.number() + "-" + stage.code(), stage.ordinal() + 1)
              .put("alternativeLabel", label)
              .put("educationLevel", new JsonArray().add(EDUCATION_LEVEL.get(stage))));
          associate(link(label, iri), competencyLink, stage.ordinal() + 1);
        }
      }
    }
    return new JsonObject()
        .put("CFDocument", document())
        .put("CFItems", items)
        .put("CFAssociations", associations)
        .put("CFDefinitions", new JsonObject().put("CFItemTypes", itemTypes));
  }

  private JsonObject document() {
    String identifier = identifier(framework.iri());
    return new JsonObject()
        .put("identifier", identifier)
        .put("uri", framework.iri())
        .put("frameworkType", "Competency")
        .put("caseVersion", "1.1")
        .put("creator", framework.publisher())
        .put("title", framework.title())
        .put("lastChangeDateTime", LAST_CHANGE)
        .put("publisher", framework.publisher())
        .put("description", "The competencies, and their indicators at each career stage, that Health Education England"
            + " sets out for allied health professions support workers.")
        .put("language", LANGUAGE)
        .put("version", framework.version())
        .put("adoptionStatus", "Adopted")
        .put("notes", "Data version " + framework.dataVersion() + "; indicator texts verbatim from the published framework.")
        .put("CFPackageURI", new JsonObject()
            .put("title", framework.title())
            .put("identifier", identifier)
            .put("uri", framework.iri() + "/case"));
  }

  private JsonObject item(String iri, String fullStatement, String type, String humanCodingScheme, int position) {
    return new JsonObject()
        .put("identifier", identifier(iri))
        .put("uri", iri)
        .put("fullStatement", fullStatement)
        .put("humanCodingScheme", humanCodingScheme)
        .put("listEnumeration", String.valueOf(position))
        .put("CFItemType", type)
        .put("CFItemTypeURI", itemTypeLinks.get(type).copy())
        .put("language", LANGUAGE)
        .put("lastChangeDateTime", LAST_CHANGE)
        .put("CFDocumentURI", documentLink.copy());
  }

  /** An isChildOf association: {@code child} is the origin, {@code parent} the destination. */
  private void associate(JsonObject child, JsonObject parent, int sequenceNumber) {
    String iri = child.getString("uri") + "#" + IS_CHILD_OF;
    String identifier = identifier(iri);
    associations.add(new JsonObject()
        .put("identifier", identifier)
        .put("uri", framework.iri() + "/case/associations/" + identifier)
        .put("associationType", IS_CHILD_OF)
        .put("sequenceNumber", sequenceNumber)
        .put("originNodeURI", child.copy())
        .put("destinationNodeURI", parent.copy())
        .put("lastChangeDateTime", LAST_CHANGE)
        .put("CFDocumentURI", documentLink.copy()));
  }

  private JsonObject itemType(String title, String slug, String hierarchyCode, String description) {
    String iri = framework.iri() + "/case/item-types/" + slug;
    itemTypes.add(new JsonObject()
        .put("identifier", identifier(iri))
        .put("uri", iri)
        .put("title", title)
        .put("description", description)
        .put("hierarchyCode", hierarchyCode)
        .put("typeCode", slug)
        .put("lastChangeDateTime", LAST_CHANGE));
    return link(title, iri);
  }

  /** A CASE LinkURI: title, identifier and uri of the node pointed at. */
  private static JsonObject link(String title, String iri) {
    return new JsonObject().put("title", title).put("identifier", identifier(iri)).put("uri", iri);
  }

  private static String identifier(String iri) {
    return NameBasedUuid.forIri(iri).toString();
  }
}
