package org.ahphub.connectors.http;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import org.ahphub.connectors.ConnectorsConfig;
import org.ahphub.connectors.csv.CsvWriter;
import org.ahphub.connectors.elfh.ElfhTranslator;
import org.ahphub.connectors.jobs.ImportJobStore;
import org.ahphub.connectors.jobs.ImportRefused;
import org.ahphub.connectors.jobs.ImportService;
import org.ahphub.connectors.jobs.NumberedReject;
import org.ahphub.connectors.jobs.StoredJob;
import org.ahphub.connectors.jobs.StoredMapping;
import org.ahphub.connectors.local.LocalTrainingTranslator;
import org.ahphub.connectors.pipeline.InputFormat;
import org.ahphub.connectors.pipeline.RejectsFile;
import org.ahphub.connectors.pipeline.Sources;
import org.ahphub.connectors.xapi.Iris;
import org.ahphub.platform.http.HttpDrain;
import org.ahphub.platform.identity.AuthenticationFailed;
import org.ahphub.platform.identity.BasicAuthenticator;
import org.ahphub.platform.identity.Principal;
import org.ahphub.platform.identity.TooManyAttempts;
import org.ahphub.platform.health.Readiness;
import org.ahphub.platform.metrics.HubMetrics;
import org.ahphub.platform.ops.OperationsRoutes;
import org.ahphub.platform.ops.OperationsSettings;
import org.ahphub.platform.http.ApiDescription;
import org.ahphub.platform.http.Problem;
import org.ahphub.platform.http.Problems;
import org.ahphub.platform.log.LogText;
import io.micrometer.core.instrument.Counter;
import org.ahphub.platform.health.Readiness;
import org.ahphub.platform.metrics.HubMetrics;
import org.ahphub.platform.metrics.ServiceMetrics;
import org.ahphub.platform.ops.OperationsRoutes;
import org.ahphub.platform.ops.OperationsSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The upload endpoint (HTTP only; the jobs are the {@link ImportService}'s, kept in PostgreSQL).
 *
 * <ul>
 *   <li>{@code POST /imports/{source}} with the file as the body (query {@code format=csv|json} or a JSON/CSV
 *       {@code Content-Type}, else detected; {@code filename=} names it in rejects; {@code homePage=} sets the
 *       learners' account homePage for apprenticeship and local) answers 202 {@code {id, status, statusUrl}}
 *       once the configuration is checked (422 listing every problem otherwise, before the body is read) and
 *       the file is received. The import runs in the background on a worker, one import at a time per
 *       process, and posts to the LRS under the caller's own Basic credentials (forwarded as they came).
 *   <li>{@code GET /imports} the organisation's jobs, newest first ({@code limit} 1 to 100, default 20;
 *       {@code more} links the next page); {@code GET /imports/{id}} one job with its rows, counts and first
 *       rejects; {@code GET /imports/{id}/rejects.csv} every reject, formula cells neutralised. Another
 *       organisation's job is the same 404 as an unknown id.
 *   <li>{@code PUT /imports/mappings/local} stores the organisation's session mapping (CSV or JSON, checked at
 *       once: 422 listing every problem); {@code GET /imports/mappings/local} returns it. Local imports use it.
 * </ul>
 *
 * <p>Writing (uploads, mappings) needs {@code statements/write} (or {@code all}); reading the organisation's
 * imports needs {@code statements/write}, {@code statements/read}, {@code all/read} or {@code all}.
 *
 * <p>Every request is authenticated against the hub's credential store before any byte of its body
 * is read: the request is paused, the credentials checked (401, or 429 after too many failures; 403
 * without the scope), and only then is the body streamed to a temporary file (owner-only
 * permissions), at most {@code IMPORT_MAX_BYTES} (413 beyond, said at once when Content-Length tells).
 * The file is deleted when the import ends. A refused request's connection is closed, its body unread.
 */
public final class ImportApiVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(ImportApiVerticle.class);
  /** The OpenAPI 3.1 description of the routes below, served at {@value ApiDescription#PATH}. */
  static final String DESCRIPTION_RESOURCE = "openapi/import-api.yaml";
  private static final String[] WRITE_SCOPES = {"statements/write", "all"};
  private static final String[] READ_SCOPES = {"statements/write", "statements/read", "all/read", "all"};
  static final long MAX_MAPPING_BYTES = 1024 * 1024;
  private static final int DEFAULT_PAGE = 20;
  private static final int MAX_PAGE = 100;
  private static final int REJECTS_PAGE = 1000;
  private static final Instant FIRST_PAGE = Instant.parse("9999-12-31T00:00:00Z");
  private static final UUID LAST_ID = new UUID(-1L, -1L);

  private final ConnectorsConfig config;
  private final BasicAuthenticator authenticator;
  private final ImportJobStore store;
  private final Clock clock;
  private ImportService imports;
  private final Readiness readiness;
  private final OperationsSettings operations;
  private HttpServer server;
  private Router router;
  private final ApiDescription description = new ApiDescription(DESCRIPTION_RESOURCE);

  public ImportApiVerticle(ConnectorsConfig config, BasicAuthenticator authenticator, ImportJobStore store) {
    this(config, authenticator, store, Clock.systemUTC());
  }

  public ImportApiVerticle(ConnectorsConfig config, BasicAuthenticator authenticator, ImportJobStore store,
      Clock clock) {
    this(config, authenticator, store, clock, new Readiness(), OperationsSettings.defaults());
  }

  /**
   * With the readiness checks of the process (its PostgreSQL) and the operations settings ({@code /metrics}
   * token).
   */
  public ImportApiVerticle(ConnectorsConfig config, BasicAuthenticator authenticator, ImportJobStore store,
      Readiness readiness, OperationsSettings operations) {
    this(config, authenticator, store, Clock.systemUTC(), readiness, operations);
  }

  ImportApiVerticle(ConnectorsConfig config, BasicAuthenticator authenticator, ImportJobStore store, Clock clock,
      Readiness readiness, OperationsSettings operations) {
    this.config = config;
    this.authenticator = authenticator;
    this.store = store;
    this.clock = clock;
    this.readiness = readiness;
    this.operations = operations;
  }

  @Override
  public Future<?> start() {
    imports = new ImportService(vertx, config, store, clock, ImportMetrics.of(HubMetrics.of(vertx))::finished);
    Router router = Router.router(vertx);
    OperationsRoutes.of(vertx, readiness, operations).mount(router);
    // No BodyHandler: the body is read only after the caller is authenticated, and goes to disk.
    OperationsRoutes.of(vertx, readiness, operations).mount(router);
    description.mount(router);
    router.get("/imports").handler(this::history);
    router.put("/imports/mappings/:source").handler(this::saveMapping);
    router.get("/imports/mappings/:source").handler(this::mapping);
    router.post("/imports/:source").handler(this::startImport);
    router.get("/imports/:id").handler(this::status);
    router.get("/imports/:id/rejects.csv").handler(this::rejects);
    router.route().last().handler(ctx -> send(ctx, Problem.noSuchRoute(ctx.request().method().name())));
    this.router = router;
    router.errorHandler(500, ctx -> {
      LOG.error("unexpected error on {}", LogText.of(ctx.request().path()), ctx.failure());
      error(ctx, 503, "unavailable", "the request could not be handled; nothing was imported, please retry", "path");
    });
    return imports.start()
        .compose(v -> vertx.createHttpServer()
            .requestHandler(router)
            .listen(config.httpPort(), config.httpHost()))
        .onSuccess(s -> {
          server = s;
          LOG.info("connectors import API listening on {}:{}", config.httpHost(), s.actualPort());
        });
  }

  /** Answers the requests in flight ({@link HttpDrain}), then marks unfinished imports interrupted. */
  @Override
  public Future<?> stop() {
    readiness.stopping();
    return HttpDrain.drain(server).compose(v -> imports == null ? Future.succeededFuture() : imports.stop());
  }

  /** The port listened on (useful when configured as 0). */
  public int actualPort() {
    return server.actualPort();
  }

  /** The routes served, once started (their OpenAPI description is checked against them). */
  Router router() {
    return router;
  }

  private void startImport(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    request.pause();
    authenticate(ctx).onSuccess(principal -> {
      if (!principal.hasAnyScope(WRITE_SCOPES)) {
        error(ctx, 403, "forbidden", "this credential may not write statements (statements/write)",
            "header Authorization");
      } else {
        accept(ctx, principal);
      }
    });
  }

  /**
   * Checks the parameters and the import's configuration, then streams the body to a temporary file and
   * queues the import.
   */
  private void accept(RoutingContext ctx, Principal principal) {
    HttpServerRequest request = ctx.request();
    String source = ctx.pathParam("source");
    if (!Sources.known(source)) {
      error(ctx, 404, "unknown_source", "no source '" + source + "'; use one of " + String.join(", ", Sources.NAMES),
          "path /imports/{source}");
      return;
    }
    InputFormat format;
    try {
      format = format(ctx);
    } catch (IllegalArgumentException e) {
      error(ctx, 400, "bad_format", e.getMessage(), "query format");
      return;
    }
    String homePage = request.getParam("homePage");
    if (homePage != null && (source.equals(ElfhTranslator.SOURCE) || !Iris.isAbsoluteHttp(homePage))) {
      error(ctx, 400, "bad_home_page", source.equals(ElfhTranslator.SOURCE)
          ? "e-LfH learners have a fixed homePage" : "homePage must be an absolute http(s) URL", "query homePage");
      return;
    }
    if (announcedTooLarge(request, config.maxUploadBytes())) {
      tooLarge(ctx);
      return;
    }
    String filename = request.getParam("filename");
    String name = filename != null && !filename.isBlank() ? filename.strip()
        : "upload." + (format == InputFormat.JSON ? "json" : "csv");
    imports.plan(principal, source, homePage)
        .onFailure(e -> refused(ctx, e))
        .onSuccess(plan -> vertx.fileSystem().createTempFile("ahp-import-", ".upload")
            .compose(path -> vertx.fileSystem().open(path, new OpenOptions().setWrite(true).setCreate(false))
                .onFailure(e -> delete(path))
                .map(file -> {
                  receive(ctx, Path.of(path), file, bytes -> imports.submit(principal, plan, Path.of(path), name,
                          format, bytes, request.getHeader("Authorization"))
                      .onSuccess(job -> ctx.response()
                          .setStatusCode(202)
                          .putHeader("Content-Type", "application/json")
                          .putHeader("Location", statusUrl(job.id()))
                          .end(new JsonObject().put("id", job.id().toString()).put("status", job.status().name())
                              .put("statusUrl", statusUrl(job.id())).encode()))
                      .onFailure(e -> refused(ctx, e)));
                  return file;
                }))
            .onFailure(e -> {
              LOG.error("no temporary file for an upload", e);
              error(ctx, 503, "unavailable", "the import could not be accepted; nothing was imported, please retry",
                  "body");
            }));
  }

  /** Streams the body into {@code file}, stopping with 413 past the limit; then hands on the byte count. */
  private void receive(RoutingContext ctx, Path path, AsyncFile file, java.util.function.LongConsumer received) {
    HttpServerRequest request = ctx.request();
    long[] bytes = {0};
    boolean[] stopped = {false};
    Runnable abandon = () -> {
      stopped[0] = true;
      file.close().onComplete(v -> delete(path.toString()));
    };
    file.exceptionHandler(e -> {
      if (!stopped[0]) {
        abandon.run();
        LOG.error("an upload could not be written to {}", path, e);
        error(ctx, 503, "unavailable", "the import could not be accepted; nothing was imported, please retry", "body");
      }
    });
    request.exceptionHandler(e -> {
      if (!stopped[0]) {
        abandon.run();
      }
    });
    request.handler(buffer -> {
      if (stopped[0]) {
        return;
      }
      bytes[0] += buffer.length();
      if (bytes[0] > config.maxUploadBytes()) {
        abandon.run();
        tooLarge(ctx);
        return;
      }
      file.write(buffer);
      if (file.writeQueueFull()) {
        request.pause();
        file.drainHandler(v -> request.resume());
      }
    });
    request.endHandler(v -> {
      if (stopped[0]) {
        return;
      }
      stopped[0] = true;
      file.close().onComplete(closed -> {
        if (closed.failed()) {
          delete(path.toString());
          error(ctx, 503, "unavailable", "the import could not be accepted; nothing was imported, please retry",
              "body");
        } else if (bytes[0] == 0) {
          delete(path.toString());
          error(ctx, 400, "empty_body", "the request body must be the file to import", "body");
        } else {
          received.accept(bytes[0]);
        }
      });
    });
    if ("100-continue".equalsIgnoreCase(request.getHeader("Expect"))) {
      ctx.response().writeContinue();
    }
    request.resume();
  }

  /**
   * The caller's principal; on failure the answer (401, 429 or 503) is already sent and the future
   * failed.
   */
  private Future<Principal> authenticate(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    String address = request.remoteAddress() == null ? null : request.remoteAddress().hostAddress();
    return authenticator.authenticate(request.getHeader("Authorization"), address)
        .onFailure(e -> {
          if (e instanceof TooManyAttempts limited) {
            ctx.response().putHeader("Retry-After", String.valueOf(limited.retryAfterSeconds()));
            error(ctx, 429, "too_many_attempts", limited.getMessage(), "header Authorization");
          } else if (e instanceof AuthenticationFailed failed) {
            ctx.response().putHeader("WWW-Authenticate", "Basic realm=\"ahp-hub\"");
            error(ctx, 401, "unauthorised", failed.getMessage() + "; HTTP Basic credentials of the hub are required",
                "header Authorization");
          } else {
            LOG.error("credentials could not be checked", e);
            error(ctx, 503, "unavailable", "credentials could not be checked; nothing was imported, please retry",
                "header Authorization");
          }
        });
  }

  private void tooLarge(RoutingContext ctx) {
    error(ctx, 413, "too_large", "the upload is larger than " + config.maxUploadBytes() + " bytes (IMPORT_MAX_BYTES)",
        "body");
  }

  private void delete(String path) {
    vertx.fileSystem().delete(path).onFailure(e -> LOG.warn("could not delete the upload {}: {}", path, e.toString()));
  }

  /** The caller's principal when it may read the organisation's imports; else the answer (401, 403…) is sent. */
  private Future<Principal> reader(RoutingContext ctx, int withoutScope) {
    return authenticate(ctx).compose(principal -> {
      if (principal.hasAnyScope(READ_SCOPES)) {
        return Future.succeededFuture(principal);
      }
      if (withoutScope == 404) {
        notFound(ctx);
      } else {
        error(ctx, 403, "forbidden", "this credential may not read the organisation's imports"
            + " (statements/write or statements/read)", "header Authorization");
      }
      return Future.failedFuture("refused");
    });
  }

  /** The organisation's job named in the path; an unknown id, a malformed one and another's are one 404. */
  private Future<StoredJob> job(RoutingContext ctx, Principal principal) {
    UUID id;
    try {
      id = UUID.fromString(ctx.pathParam("id"));
    } catch (IllegalArgumentException e) {
      notFound(ctx);
      return Future.failedFuture("not found");
    }
    return imports.find(principal, id).compose(found -> {
      if (found.isEmpty()) {
        notFound(ctx);
        return Future.failedFuture("not found");
      }
      return Future.succeededFuture(found.get());
    }).onFailure(e -> unavailable(ctx, e));
  }

  private void status(RoutingContext ctx) {
    reader(ctx, 404).compose(principal -> job(ctx, principal))
        .onSuccess(job -> json(ctx, 200, ImportJobJson.of(job, true)));
  }

  private void history(RoutingContext ctx) {
    reader(ctx, 403).onSuccess(principal -> {
      int limit;
      Instant beforeCreated = FIRST_PAGE;
      UUID beforeId = LAST_ID;
      try {
        limit = limit(ctx.request().getParam("limit"));
        String before = ctx.request().getParam("before");
        if (before != null) {
          String[] cursor = new String(Base64.getUrlDecoder().decode(before), StandardCharsets.UTF_8).split(" ", 2);
          beforeCreated = Instant.parse(cursor[0]);
          beforeId = UUID.fromString(cursor[1]);
        }
      } catch (RuntimeException e) {
        error(ctx, 400, "bad_page", "limit must be 1 to " + MAX_PAGE + " and before a cursor from a more link",
            "query");
        return;
      }
      imports.history(principal, beforeCreated, beforeId, limit + 1).onFailure(e -> unavailable(ctx, e))
          .onSuccess(jobs -> {
            JsonArray list = new JsonArray();
            jobs.stream().limit(limit).forEach(job -> list.add(ImportJobJson.of(job, false)));
            JsonObject page = new JsonObject().put("imports", list);
            if (jobs.size() > limit) {
              StoredJob last = jobs.get(limit - 1);
              String cursor = Base64.getUrlEncoder().withoutPadding().encodeToString(
                  (last.createdAt() + " " + last.id()).getBytes(StandardCharsets.UTF_8));
              page.put("more", "/imports?limit=" + limit + "&before=" + cursor);
            }
            json(ctx, 200, page);
          });
    });
  }

  private static int limit(String value) {
    if (value == null) {
      return DEFAULT_PAGE;
    }
    int limit = Integer.parseInt(value);
    if (limit < 1 || limit > MAX_PAGE) {
      throw new IllegalArgumentException("limit");
    }
    return limit;
  }

  /**
   * Every reject of the job as CSV ({@code file,line,column,field,reason}), read from the store a page at a
   * time and streamed; a cell starting with = + - @, a tab or a carriage return is prefixed with ' so that a
   * spreadsheet shows it as text. UTF-8 with a byte order mark, so spreadsheets read names right.
   */
  private void rejects(RoutingContext ctx) {
    reader(ctx, 404).compose(principal -> job(ctx, principal)).onSuccess(job -> {
      HttpServerResponse response = ctx.response()
          .setChunked(true)
          .putHeader("Content-Type", "text/csv; charset=utf-8")
          .putHeader("Content-Disposition", "attachment; filename=\"import-" + job.id() + "-rejects.csv\"");
      response.write("\uFEFF" + csv(List.of(RejectsFile.HEADER)));
      rejectsAfter(response, job.id(), 0);
    });
  }

  private void rejectsAfter(HttpServerResponse response, UUID job, int after) {
    imports.rejects(job, after, REJECTS_PAGE)
        .onFailure(e -> {
          LOG.error("the rejects of import {} could not be read", job, e);
          response.reset();
        })
        .onSuccess(page -> {
          List<List<String>> rows = page.stream().map(n -> List.of(n.reject().input(),
              Long.toString(n.reject().line()), Integer.toString(n.reject().column()),
              n.reject().field() == null ? "" : n.reject().field(), n.reject().reason())).toList();
          Future<Void> written = rows.isEmpty() ? Future.succeededFuture() : response.write(csv(rows));
          if (page.size() < REJECTS_PAGE) {
            written.onComplete(v -> response.end());
          } else {
            int last = page.get(page.size() - 1).position();
            written.onSuccess(v -> rejectsAfter(response, job, last));
          }
        });
  }

  private static String csv(List<List<String>> rows) {
    StringWriter text = new StringWriter();
    try (CsvWriter writer = CsvWriter.forSpreadsheets(text)) {
      for (List<String> row : rows) {
        writer.write(row);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return text.toString();
  }

  /**
   * {@code PUT /imports/mappings/{source}}: the organisation's mapping file (only local training has one),
   * at most 1 MB, checked at once; 200 with what was stored, 422 listing every problem.
   */
  private void saveMapping(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    request.pause();
    authenticate(ctx).onSuccess(principal -> {
      if (!principal.hasAnyScope(WRITE_SCOPES)) {
        error(ctx, 403, "forbidden", "this credential may not write statements (statements/write)",
            "header Authorization");
        return;
      }
      String source = ctx.pathParam("source");
      if (!source.equals(LocalTrainingTranslator.SOURCE)) {
        error(ctx, 404, "no_mapping_for_source", "only local training takes a mapping file: PUT /imports/mappings/local",
            "path /imports/mappings/{source}");
        return;
      }
      if (announcedTooLarge(request, MAX_MAPPING_BYTES)) {
        error(ctx, 413, "too_large", "a mapping file is at most " + MAX_MAPPING_BYTES + " bytes", "body");
        return;
      }
      String filename = request.getParam("filename");
      String type = request.getHeader("Content-Type");
      String name = filename != null && !filename.isBlank() ? filename.strip()
          : type != null && type.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")
              ? "mapping.json" : "mapping.csv";
      readSmallBody(ctx, MAX_MAPPING_BYTES, body -> {
        if (body.length() == 0) {
          error(ctx, 400, "empty_body", "the request body must be the mapping file", "body");
          return;
        }
        imports.saveMapping(principal, source, name, body.getBytes())
            .onFailure(e -> refused(ctx, e))
            .onSuccess(saved -> {
              LOG.info("session mapping for {} stored by credential {}: {} sessions", source,
                  LogText.of(principal.credentialKey()), saved.entries());
              json(ctx, 200, mappingJson(source, saved));
            });
      });
    });
  }

  private void mapping(RoutingContext ctx) {
    reader(ctx, 403).onSuccess(principal -> {
      String source = ctx.pathParam("source");
      Future<Optional<StoredMapping>> found = source.equals(LocalTrainingTranslator.SOURCE)
          ? imports.mapping(principal, source) : Future.succeededFuture(Optional.empty());
      found.onFailure(e -> unavailable(ctx, e)).onSuccess(mapping -> {
        if (mapping.isEmpty()) {
          error(ctx, 404, "no_mapping", "no mapping stored for " + source + "; upload one with PUT "
              + "/imports/mappings/local", "path /imports/mappings/{source}");
          return;
        }
        if ("json".equals(ctx.request().getParam("view"))) {
          json(ctx, 200, mappingJson(source, mapping.get()).put("content", mapping.get().content()));
          return;
        }
        ctx.response()
            .putHeader("Content-Type", mapping.get().fileName().toLowerCase(java.util.Locale.ROOT).endsWith(".json")
                ? "application/json" : "text/csv; charset=utf-8")
            .putHeader("Content-Disposition", "attachment; filename=\"" + mapping.get().fileName()
                .replaceAll("[^A-Za-z0-9._-]", "_") + "\"")
            .end(mapping.get().content());
      });
    });
  }

  private static JsonObject mappingJson(String source, StoredMapping m) {
    return new JsonObject().put("source", source).put("fileName", m.fileName()).put("sessions", m.entries())
        .put("updatedAt", m.updatedAt().toString()).put("updatedBy", m.updatedBy())
        .put("url", "/imports/mappings/" + source);
  }

  /** Reads a body of at most {@code max} bytes into memory; 413 beyond, with the connection closed. */
  private void readSmallBody(RoutingContext ctx, long max, Consumer<Buffer> then) {
    HttpServerRequest request = ctx.request();
    Buffer body = Buffer.buffer();
    boolean[] stopped = {false};
    request.handler(chunk -> {
      if (stopped[0]) {
        return;
      }
      if (body.length() + chunk.length() > max) {
        stopped[0] = true;
        error(ctx, 413, "too_large", "a mapping file is at most " + max + " bytes", "body");
        return;
      }
      body.appendBuffer(chunk);
    });
    request.exceptionHandler(e -> stopped[0] = true);
    request.endHandler(v -> {
      if (!stopped[0]) {
        then.accept(body);
      }
    });
    if ("100-continue".equalsIgnoreCase(request.getHeader("Expect"))) {
      ctx.response().writeContinue();
    }
    request.resume();
  }

  private static boolean announcedTooLarge(HttpServerRequest request, long max) {
    String length = request.getHeader("Content-Length");
    return length != null && !length.isEmpty() && length.chars().allMatch(Character::isDigit)
        && (length.length() > 18 || Long.parseLong(length) > max);
  }

  static String statusUrl(UUID job) {
    return "/imports/" + job;
  }

  /** An {@link ImportRefused} as problem details of its status with every problem; anything else 503. */
  private static void refused(RoutingContext ctx, Throwable e) {
    if (e instanceof ImportRefused refused) {
      // A named problem type per refusal (no-mapping, bad-configuration, bad-mapping), so a client can tell them apart.
      String slug = refused.code().replace('_', '-');
      String title = Character.toUpperCase(slug.charAt(0)) + slug.substring(1).replace('-', ' ');
      send(ctx, Problem.typed(slug, title, refused.status(), refused.getMessage())
          .with("problems", new JsonArray(refused.problems())).with("path", refused.where()));
    } else {
      unavailable(ctx, e);
    }
  }

  private static void unavailable(RoutingContext ctx, Throwable e) {
    if (ctx.response().ended()) {
      return;
    }
    LOG.error("import request failed on {}", LogText.of(ctx.request().path()), e);
    error(ctx, 503, "unavailable", "the request could not be handled; nothing was imported, please retry", "path");
  }

  private static void notFound(RoutingContext ctx) {
    error(ctx, 404, "not_found", "no import with this id for this organisation", "path /imports/{id}");
  }

  private static void json(RoutingContext ctx, int status, JsonObject body) {
    ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body.encode());
  }

  private static InputFormat format(RoutingContext ctx) {
    String query = ctx.request().getParam("format");
    if (query != null) {
      return InputFormat.parse(query);
    }
    String type = ctx.request().getHeader("Content-Type");
    if (type != null) {
      String t = type.toLowerCase(java.util.Locale.ROOT);
      if (t.startsWith("application/json")) {
        return InputFormat.JSON;
      }
      if (t.startsWith("text/csv")) {
        return InputFormat.CSV;
      }
    }
    return null;
  }

  /**
   * Problem details (RFC 9457, {@link Problems}) of {@code status}, with the extension member {@code path} saying
   * where in the request the problem is. {@code code} names the refusal for the log and, for an unknown source,
   * the problem type. When the request body was not (all) read, the connection is closed after the answer:
   * nothing more of that body is read.
   */
  private static void error(RoutingContext ctx, int status, String code, String message, String path) {
    Problem problem = "unknown_source".equals(code)
        ? Problem.typed("unknown-source", "Unknown import source", status, message)
        : Problem.of(status, message);
    send(ctx, problem.with("path", path));
  }

  private static void send(RoutingContext ctx, Problem problem) {
    if (ctx.response().ended()) {
      return;
    }
    HttpServerRequest request = ctx.request();
    boolean bodyUnread = !request.isEnded() && request.version() != HttpVersion.HTTP_2;
    if (bodyUnread) {
      ctx.response().putHeader("Connection", "close");
    }
    Problems.send(ctx, problem).onComplete(v -> {
      if (bodyUnread) {
        request.connection().close();
      }
    });
  }

}
