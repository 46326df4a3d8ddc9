package org.ahphub.testing;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.SpecVersion;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Checks a service's hand-written OpenAPI 3.1 document against the routes its Vert.x {@link Router} really has:
 * every route (path + method) is described, every described path + method is a route, and the document parses
 * as OpenAPI 3.1 with every {@code $ref} resolved and every error response as {@code application/problem+json}.
 *
 * <p>Path templates are compared by shape ({@code /imports/:source} and {@code /imports/{id}} are the same path,
 * as OpenAPI says). Routes without a path (body handlers, the catch-all 404, failure handlers) apply to every
 * request and are not endpoints. Paths under {@code /health} and {@code /metrics} are exempt by rule (operational
 * endpoints for probes and Prometheus, not part of the API); a service names any other exemption, with its
 * reason. A route whose path is a prefix ({@code /app/*}) or a regex must be exempt, or it is reported.
 */
public final class OpenApiCoverage {

  /** An endpoint: an HTTP method and a path in OpenAPI form with its template names blanked ({@code /a/{}}). */
  public record Endpoint(String method, String path) implements Comparable<Endpoint> {
    @Override
    public int compareTo(Endpoint other) {
      int byPath = path.compareTo(other.path);
      return byPath != 0 ? byPath : method.compareTo(other.method);
    }

    @Override
    public String toString() {
      return method + " " + path;
    }
  }

  /** Paths exempt for every service, by prefix, with the reason. */
  public static final Map<String, String> OPERATIONAL = Map.of(
      "/health", "liveness and readiness probes for the orchestrator, not part of the API",
      "/metrics", "the Prometheus scrape endpoint, not part of the API");

  /** What the check found. Empty lists mean the document and the router agree. */
  public record Report(Set<Endpoint> served, Set<Endpoint> described, List<Endpoint> undescribed,
      List<Endpoint> unserved, Map<String, String> exempted, List<String> documentProblems) {

    public boolean agrees() {
      return undescribed.isEmpty() && unserved.isEmpty() && documentProblems.isEmpty();
    }

    /** Routes served and described, for the closing note. */
    public int covered() {
      return (int) served.stream().filter(described::contains).count();
    }

    public String summary() {
      return covered() + " of " + served.size() + " routes described (" + described.size()
          + " operations in the document); exempt: " + exempted + "; undescribed routes: " + undescribed
          + "; described but not served: " + unserved + "; document problems: " + documentProblems;
    }
  }

  private OpenApiCoverage() {}

  /**
   * @param exemptions path prefixes (besides {@link #OPERATIONAL}) whose routes need no description, each with
   *     its reason
   */
  public static Report check(Router router, String document, Map<String, String> exemptions) {
    Map<String, String> exempt = new LinkedHashMap<>(OPERATIONAL);
    exempt.putAll(exemptions);
    List<String> problems = new ArrayList<>();
    OpenAPI api = parse(document, problems);
    Set<Endpoint> described = api == null ? Set.of() : described(api, problems);
    Set<Endpoint> served = new TreeSet<>();
    Map<String, String> exempted = new LinkedHashMap<>();
    List<Endpoint> undescribed = new ArrayList<>();
    for (Route route : router.getRoutes()) {
      String path = route.getPath();
      if (path == null && !route.isRegexPath()) {
        continue; // applies to every request: a body handler, the catch-all 404, a failure handler
      }
      // A path with parameters (/a/:id) is matched by a regex too, but has its path; a regex route has none.
      boolean regex = path == null;
      String shown = regex ? "regex route" : path;
      String prefix = exempt.keySet().stream().filter(p -> path != null && path.startsWith(p)).findFirst().orElse(null);
      if (prefix != null) {
        exempted.put(shown, exempt.get(prefix));
        continue;
      }
      Set<HttpMethod> methods = route.methods();
      if (regex || !route.isExactPath() || methods == null || methods.isEmpty()) {
        undescribed.add(new Endpoint(methods == null || methods.isEmpty() ? "ANY" : methods.toString(), shown));
        continue;
      }
      for (HttpMethod method : methods) {
        Endpoint endpoint = new Endpoint(method.name(), shape(path));
        served.add(endpoint);
        if (!described.contains(endpoint)) {
          undescribed.add(endpoint);
        }
      }
    }
    List<Endpoint> unserved = described.stream().filter(e -> !served.contains(e)).toList();
    return new Report(served, described, undescribed, unserved, exempted, problems);
  }

  private static OpenAPI parse(String document, List<String> problems) {
    ParseOptions options = new ParseOptions();
    options.setResolve(true);
    options.setResolveFully(true);
    SwaggerParseResult result = new OpenAPIV3Parser().readContents(document, null, options);
    if (result.getMessages() != null) {
      problems.addAll(result.getMessages());
    }
    OpenAPI api = result.getOpenAPI();
    if (api == null) {
      problems.add("the document is not OpenAPI");
      return null;
    }
    if (api.getSpecVersion() != SpecVersion.V31 || api.getOpenapi() == null || !api.getOpenapi().startsWith("3.1.")) {
      problems.add("the document is OpenAPI " + api.getOpenapi() + ", not 3.1");
    }
    if (api.getPaths() == null || api.getPaths().isEmpty()) {
      problems.add("the document describes no paths");
    }
    return api;
  }

  private static Set<Endpoint> described(OpenAPI api, List<String> problems) {
    Set<Endpoint> described = new TreeSet<>();
    Set<String> operationIds = new TreeSet<>();
    api.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
      Endpoint endpoint = new Endpoint(method.name(), shape(path));
      if (!described.add(endpoint)) {
        problems.add(endpoint + " is described twice (path templates that differ only in their names)");
      }
      check(endpoint, operation, operationIds, problems);
    }));
    return described;
  }

  /** Every operation: a unique operationId, some responses, and its errors as problem details. */
  private static void check(Endpoint endpoint, Operation operation, Set<String> operationIds, List<String> problems) {
    if (operation.getOperationId() == null || !operationIds.add(operation.getOperationId())) {
      problems.add(endpoint + ": operationId missing or not unique");
    }
    if (operation.getResponses() == null || operation.getResponses().isEmpty()) {
      problems.add(endpoint + ": no responses");
      return;
    }
    operation.getResponses().forEach((status, response) -> {
      if ((status.startsWith("4") || status.startsWith("5")) && !problemDetails(response)) {
        problems.add(endpoint + " " + status + ": an error response must be application/problem+json only");
      }
    });
  }

  private static boolean problemDetails(ApiResponse response) {
    return response.getContent() != null && response.getContent().keySet().equals(Set.of("application/problem+json"));
  }

  /** {@code /a/:id/b} and {@code /a/{id}/b} both become {@code /a/{}/b}. */
  static String shape(String path) {
    return path.replaceAll(":[A-Za-z0-9_]+", "{}").replaceAll("\\{[^}/]*}", "{}");
  }

  /** For {@link PathItem}-level checks in tests. */
  public static OpenAPI parse(String document) {
    List<String> problems = new ArrayList<>();
    OpenAPI api = parse(document, problems);
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("not a valid OpenAPI 3.1 document: " + problems);
    }
    return api;
  }
}
