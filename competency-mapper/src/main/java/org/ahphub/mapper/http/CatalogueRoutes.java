package org.ahphub.mapper.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Period;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.ahphub.mapper.framework.Framework;
import org.ahphub.mapper.framework.Stage;
import org.ahphub.mapper.rules.CatalogueEntry;
import org.ahphub.mapper.rules.Credit;
import org.ahphub.mapper.service.PassportService;
import org.ahphub.platform.http.ApiError;
import org.ahphub.platform.http.ApiRoutes;
import org.ahphub.platform.http.Authorization;
import org.ahphub.platform.identity.Principal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The activity catalogue: organisations register their own activities against competencies × stages.
 * {@code PUT /catalogue/activities} (scopes {@code catalogue:write}, {@code admin}, {@code all}) and
 * {@code GET /catalogue/activities}.
 */
public final class CatalogueRoutes implements ApiRoutes {

  private static final Logger LOG = LoggerFactory.getLogger(CatalogueRoutes.class);
  private static final String[] WRITE_SCOPES = {"catalogue:write", "admin", "all"};
  private static final String[] READ_SCOPES = {"catalogue:write", "catalogue:read", "passport:read", "admin", "all"};
  private static final Set<String> KINDS = Set.of(Credit.LEARNING, Credit.ASSESSED_PRACTICE);

  private final Framework framework;
  private final PassportService passports;

  public CatalogueRoutes(PassportService passports) {
    this.framework = passports.framework();
    this.passports = passports;
  }

  @Override
  public void mount(Router router, Authorization authorization) {
    router.put("/catalogue/activities").handler(authorization.requireAnyScope(WRITE_SCOPES)).handler(this::put);
    router.get("/catalogue/activities").handler(authorization.requireAnyScope(READ_SCOPES)).handler(this::list);
  }

  private void put(RoutingContext ctx) {
    Principal principal = Authorization.principal(ctx);
    JsonArray activities = activitiesOf(ctx);
    List<String> problems = new ArrayList<>();
    List<CatalogueEntry> entries = new ArrayList<>();
    for (int i = 0; i < activities.size(); i++) {
      String path = "$.activities[" + i + "]";
      if (!(activities.getValue(i) instanceof JsonObject activity)) {
        problems.add(path + " must be an object");
        continue;
      }
      CatalogueEntry entry = entry(activity, path, principal, problems);
      if (entry != null) {
        entries.add(entry);
      }
    }
    if (activities.isEmpty()) {
      problems.add("$.activities must list at least one activity");
    }
    if (!problems.isEmpty()) {
      throw new ApiError(400, "invalid catalogue entries: " + String.join("; ", problems));
    }
    passports.putCatalogue(entries, principal.hasAnyScope("admin", "all"))
        .onSuccess(refused -> {
          if (!refused.isEmpty()) {
            ctx.fail(new ApiError(403, "these activities are registered by another organisation: " + refused));
            return;
          }
          LOG.info("catalogue: {} activities registered by organisation {}", entries.size(), principal.organisationId());
          ctx.json(new JsonObject().put("registered", entries.size()));
        })
        .onFailure(ctx::fail);
  }

  private static JsonArray activitiesOf(RoutingContext ctx) {
    Object body;
    try {
      body = ctx.body().asJsonObject();
    } catch (RuntimeException notAnObject) {
      try {
        body = ctx.body().asJsonArray();
      } catch (RuntimeException notJson) {
        throw new ApiError(400, "the body must be JSON: {\"activities\": [...]} or an array of activities");
      }
    }
    if (body instanceof JsonArray array) {
      return array;
    }
    if (body instanceof JsonObject object && object.getValue("activities") instanceof JsonArray array) {
      return array;
    }
    throw new ApiError(400, "$.activities is required: an array of activities");
  }

  private CatalogueEntry entry(JsonObject activity, String path, Principal principal, List<String> problems) {
    int before = problems.size();
    String id = activity.getValue("id") instanceof String s && s.contains(":") ? s : null;
    if (id == null) {
      problems.add(path + ".id must be the activity IRI");
    }
    List<CatalogueEntry.Target> targets = targets(activity.getValue("competencies"), path + ".competencies", problems);
    Double passMark = null;
    if (activity.getValue("passMark") != null) {
      if (activity.getValue("passMark") instanceof Number n && n.doubleValue() >= 0 && n.doubleValue() <= 1) {
        passMark = n.doubleValue();
      } else {
        problems.add(path + ".passMark must be a number from 0 to 1 (on result.score.scaled)");
      }
    }
    Period renewal = null;
    if (activity.getValue("renewal") != null) {
      try {
        renewal = Period.parse(String.valueOf(activity.getValue("renewal")));
        if (renewal.isNegative() || renewal.isZero()) {
          problems.add(path + ".renewal must be a positive ISO 8601 period such as P1Y");
        }
      } catch (DateTimeParseException e) {
        problems.add(path + ".renewal must be an ISO 8601 period such as P1Y or P18M");
      }
    }
    String kind = activity.getString("kind", Credit.LEARNING);
    if (!KINDS.contains(kind)) {
      problems.add(path + ".kind must be one of " + KINDS);
    }
    if (problems.size() > before) {
      return null;
    }
    return new CatalogueEntry(id, principal.organisationId(), principal.organisationName(), targets, passMark, renewal, kind);
  }

  /**
   * Each item is a competency or competency × stage IRI (a bare IRI counts as the framework says:
   * every stage when one indicator spans them, else entry), or {"competency": "5.6", "stages": [...]}.
   */
  private List<CatalogueEntry.Target> targets(Object value, String path, List<String> problems) {
    Set<CatalogueEntry.Target> targets = new LinkedHashSet<>();
    if (!(value instanceof JsonArray items) || items.isEmpty()) {
      problems.add(path + " must list the competencies (IRIs or {competency, stages}) the activity evidences");
      return List.of();
    }
    for (int i = 0; i < items.size(); i++) {
      Object item = items.getValue(i);
      String itemPath = path + "[" + i + "]";
      if (item instanceof String iri) {
        var resolved = framework.resolve(iri);
        if (resolved.isEmpty()) {
          problems.add(itemPath + " is not a competency IRI of " + framework.iri());
          continue;
        }
        for (Stage stage : framework.stagesEvidencedBy(iri)) {
          targets.add(new CatalogueEntry.Target(resolved.get().competency().number(), stage));
        }
      } else if (item instanceof JsonObject object) {
        String number = object.getString("competency");
        if (number == null || framework.competency(number).isEmpty()) {
          problems.add(itemPath + ".competency must be a framework competency number such as \"5.6\"");
          continue;
        }
        Object stages = object.getValue("stages", object.getValue("stage"));
        List<Object> codes = stages instanceof JsonArray a ? a.getList() : stages == null ? List.of() : List.of(stages);
        if (codes.isEmpty()) {
          problems.add(itemPath + ".stages must name at least one of entry, intermediate, assistant-practitioner");
        }
        for (Object code : codes) {
          var stage = Stage.fromCode(String.valueOf(code));
          if (stage.isEmpty()) {
            problems.add(itemPath + ".stages: '" + code + "' is not entry, intermediate or assistant-practitioner");
          } else {
            targets.add(new CatalogueEntry.Target(number, stage.get()));
          }
        }
      } else {
        problems.add(itemPath + " must be a competency IRI or {\"competency\": ..., \"stages\": [...]}");
      }
    }
    return new ArrayList<>(targets);
  }

  private void list(RoutingContext ctx) {
    passports.catalogueEntries().onSuccess(entries -> {
      JsonArray activities = new JsonArray();
      entries.values().stream().sorted((a, b) -> a.activityIri().compareTo(b.activityIri())).forEach(entry -> {
        JsonArray competencies = new JsonArray();
        entry.evidences().forEach(t -> competencies.add(framework.competency(t.competencyNumber()).orElseThrow()
            .stageIri(t.stage())));
        activities.add(new JsonObject()
            .put("id", entry.activityIri())
            .put("organisation", entry.organisationName())
            .put("competencies", competencies)
            .put("passMark", entry.passMark())
            .put("renewal", entry.renewal() == null ? null : entry.renewal().toString())
            .put("kind", entry.kind()));
      });
      ctx.json(new JsonObject().put("activities", activities));
    }).onFailure(ctx::fail);
  }
}
