package org.ahphub.connectors.http;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.ahphub.connectors.ConnectorsConfig;
import org.ahphub.connectors.delivery.HttpLrsClient;
import org.ahphub.connectors.delivery.RetryPolicy;
import org.ahphub.connectors.elfh.ElfhTranslator;
import org.ahphub.connectors.input.InputException;
import org.ahphub.connectors.pipeline.ImportInput;
import org.ahphub.connectors.pipeline.ImportPipeline;
import org.ahphub.connectors.pipeline.ImportSummary;
import org.ahphub.connectors.pipeline.InputFormat;
import org.ahphub.connectors.pipeline.RejectsSink;
import org.ahphub.connectors.pipeline.Sources;
import org.ahphub.connectors.state.FileCheckpointStore;
import org.ahphub.connectors.xapi.Iris;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The upload endpoint. {@code POST /imports/{source}} with the file as the body (query
 * {@code format=csv|json} or a JSON/CSV {@code Content-Type}, else detected; {@code filename=} names it
 * in rejects; {@code homePage=} sets the learners' account homePage for apprenticeship and local)
 * answers 202 {@code {id, status, statusUrl}}; the import runs in the background on a worker, one
 * import at a time, and posts to the LRS under the caller's own Basic credentials (forwarded as
 * they came). {@code GET /imports/{id}} shows status, counts and rejects — to the same credentials
 * only. Jobs are kept in memory (the most recent {@value #JOBS_KEPT}); a restart forgets them.
 */
public final class ImportApiVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(ImportApiVerticle.class);
  static final int JOBS_KEPT = 1000;
  private static final int REJECTS_LISTED = 1000;

  private final ConnectorsConfig config;
  private final Clock clock;
  private final Map<String, ImportJob> jobs = new ConcurrentHashMap<>();
  private WorkerExecutor workers;
  private HttpServer server;

  public ImportApiVerticle(ConnectorsConfig config) {
    this(config, Clock.systemUTC());
  }

  public ImportApiVerticle(ConnectorsConfig config, Clock clock) {
    this.config = config;
    this.clock = clock;
  }

  @Override
  public Future<?> start() {
    workers = vertx.createSharedWorkerExecutor("connectors-imports", 1);
    Router router = Router.router(vertx);
    router.post("/imports/:source")
        .handler(BodyHandler.create(false).setBodyLimit(config.maxUploadBytes()))
        .handler(this::startImport);
    router.get("/imports/:id").handler(this::status);
    router.route().last().handler(ctx -> error(ctx, 404, "not_found", "no such endpoint", ctx.request().path()));
    router.errorHandler(413, ctx -> error(ctx, 413, "too_large",
        "the upload is larger than " + config.maxUploadBytes() / (1024 * 1024) + " MB", "body"));
    router.errorHandler(500, ctx -> {
      LOG.error("unexpected error on {}", ctx.request().path(), ctx.failure());
      error(ctx, 503, "unavailable", "the import could not be accepted; nothing was imported, please retry",
          ctx.request().path());
    });
    return vertx.createHttpServer()
        .requestHandler(router)
        .listen(config.httpPort())
        .onSuccess(s -> {
          server = s;
          LOG.info("connectors import API listening on port {}", s.actualPort());
        });
  }

  @Override
  public Future<?> stop() {
    return workers == null ? Future.succeededFuture() : workers.close();
  }

  /** The port listened on (useful when configured as 0). */
  public int actualPort() {
    return server.actualPort();
  }

  private void startImport(RoutingContext ctx) {
    String source = ctx.pathParam("source");
    if (!Sources.known(source)) {
      error(ctx, 404, "unknown_source", "no source '" + source + "'; use one of " + String.join(", ", Sources.NAMES),
          "path /imports/{source}");
      return;
    }
    String authorization = ctx.request().getHeader("Authorization");
    if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
      ctx.response().putHeader("WWW-Authenticate", "Basic realm=\"ahp-hub\"");
      error(ctx, 401, "unauthorised", "HTTP Basic credentials are required; they are forwarded to the LRS",
          "header Authorization");
      return;
    }
    Buffer body = ctx.body().buffer();
    if (body == null || body.length() == 0) {
      error(ctx, 400, "empty_body", "the request body must be the file to import", "body");
      return;
    }
    InputFormat format;
    try {
      format = format(ctx);
    } catch (IllegalArgumentException e) {
      error(ctx, 400, "bad_format", e.getMessage(), "query format");
      return;
    }
    ConnectorsConfig jobConfig = config;
    String homePage = ctx.request().getParam("homePage");
    if (homePage != null) {
      if (source.equals(ElfhTranslator.SOURCE) || !Iris.isAbsoluteHttp(homePage)) {
        error(ctx, 400, "bad_home_page", source.equals(ElfhTranslator.SOURCE)
            ? "e-LfH learners have a fixed homePage" : "homePage must be an absolute http(s) URL", "query homePage");
        return;
      }
      jobConfig = config.withLearnerHomePage(source, homePage);
    }
    String filename = ctx.request().getParam("filename");
    String name = filename != null && !filename.isBlank() ? filename.strip()
        : "upload." + (format == InputFormat.JSON ? "json" : "csv");
    ImportJob job = new ImportJob(UUID.randomUUID().toString(), source, name, digest(authorization), clock.instant());
    remember(job);
    ConnectorsConfig runConfig = jobConfig;
    byte[] content = body.getBytes();
    // Hashing and parsing a large upload is blocking work: it all happens on the worker.
    workers.executeBlocking(() -> run(job, source, ImportInput.ofBytes(name, content, format), authorization,
            runConfig), true)
        .onFailure(e -> {
          LOG.error("import {} failed unexpectedly", job.id(), e);
          job.failed("unexpected error: " + e.getMessage(), clock.instant());
        });
    ctx.response()
        .setStatusCode(202)
        .putHeader("Content-Type", "application/json")
        .putHeader("Location", job.statusUrl())
        .end(new JsonObject().put("id", job.id()).put("status", "queued").put("statusUrl", job.statusUrl()).encode());
  }

  private ImportSummary run(ImportJob job, String source, ImportInput input, String authorization,
      ConnectorsConfig jobConfig) throws Exception {
    job.started(clock.instant());
    LOG.info("import {} started: source {}, {} ({})", job.id(), source, input.name(), input.format());
    FileCheckpointStore store = new FileCheckpointStore(
        jobConfig.stateDir() != null ? jobConfig.stateDir() : ConnectorsConfig.DEFAULT_SERVER_STATE_DIR);
    Sources.Source built;
    try {
      built = Sources.create(source, jobConfig, store);
    } catch (InputException e) {
      job.failed("configuration: " + e.getMessage(), clock.instant());
      return null;
    }
    HttpLrsClient client = new HttpLrsClient(jobConfig.lrsUrl(), authorization,
        new RetryPolicy(jobConfig.maxAttempts(), jobConfig.initialBackoff(), jobConfig.maxBackoff()),
        jobConfig.lrsTimeout());
    ImportPipeline pipeline = new ImportPipeline(built.translator(), built.ledger(), client, store,
        RejectsSink.none(), job::progress, new ImportPipeline.Settings(jobConfig.batchSize(), jobConfig.concurrency(), false, REJECTS_LISTED),
        clock);
    ImportSummary summary = pipeline.run(input);
    job.finished(summary, clock.instant());
    LOG.info("import {} finished: {} rows, {} statements posted, {} rejected{}", job.id(), summary.rowsRead(),
        summary.statementsPosted(), summary.rowsRejected(), summary.error() == null ? "" : ", error: " + summary.error());
    return summary;
  }

  private void status(RoutingContext ctx) {
    ImportJob job = jobs.get(ctx.pathParam("id"));
    String authorization = ctx.request().getHeader("Authorization");
    if (job == null || authorization == null || !job.ownedBy(digest(authorization))) {
      error(ctx, 404, "not_found", "no import with this id for these credentials", "path /imports/{id}");
      return;
    }
    ctx.response().putHeader("Content-Type", "application/json").end(job.json().encode());
  }

  private void remember(ImportJob job) {
    jobs.put(job.id(), job);
    if (jobs.size() > JOBS_KEPT) {
      jobs.values().stream()
          .filter(ImportJob::finished)
          .min(java.util.Comparator.comparing(ImportJob::createdAt))
          .ifPresent(oldest -> jobs.remove(oldest.id()));
    }
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

  private static void error(RoutingContext ctx, int status, String code, String message, String path) {
    if (ctx.response().ended()) {
      return;
    }
    ctx.response()
        .setStatusCode(status)
        .putHeader("Content-Type", "application/json")
        .end(new JsonObject().put("error", code).put("message", message).put("path", path).encode());
  }

  private static String digest(String authorization) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(authorization.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
