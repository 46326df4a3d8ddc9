package org.ahphub.connectors.http;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
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
import org.ahphub.platform.identity.AuthenticationFailed;
import org.ahphub.platform.identity.BasicAuthenticator;
import org.ahphub.platform.identity.Principal;
import org.ahphub.platform.identity.TooManyAttempts;
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
 * The upload endpoint. {@code POST /imports/{source}} with the file as the body (query
 * {@code format=csv|json} or a JSON/CSV {@code Content-Type}, else detected; {@code filename=} names it
 * in rejects; {@code homePage=} sets the learners' account homePage for apprenticeship and local)
 * answers 202 {@code {id, status, statusUrl}}; the import runs in the background on a worker, one
 * import at a time, and posts to the LRS under the caller's own Basic credentials (forwarded as
 * they came). {@code GET /imports/{id}} shows status, counts and rejects — to the same credential
 * only. Jobs are kept in memory (the most recent {@value #JOBS_KEPT}); a restart forgets them.
 *
 * <p>Every request is authenticated against the hub's credential store before any byte of its body
 * is read: the request is paused, the credentials checked (401, or 429 after too many failures; 403
 * without {@code statements/write}), and only then is the body streamed to a temporary file (owner-only
 * permissions), at most {@code IMPORT_MAX_BYTES} (413 beyond, said at once when Content-Length tells).
 * The file is deleted when the import ends. A refused request's connection is closed, its body unread.
 */
public final class ImportApiVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(ImportApiVerticle.class);
  static final int JOBS_KEPT = 1000;
  private static final int REJECTS_LISTED = 1000;

  private final ConnectorsConfig config;
  private final BasicAuthenticator authenticator;
  private final Clock clock;
  private final Readiness readiness;
  private final OperationsSettings operations;
  private Counter rowsRead;
  private Counter rowsStored;
  private Counter rowsRejected;
  private Counter rowsSkipped;
  private Counter importsFinished;
  private Counter importsFailed;
  private final Map<String, ImportJob> jobs = new ConcurrentHashMap<>();
  private WorkerExecutor workers;
  private HttpServer server;

  public ImportApiVerticle(ConnectorsConfig config, BasicAuthenticator authenticator) {
    this(config, authenticator, Clock.systemUTC());
  }

  public ImportApiVerticle(ConnectorsConfig config, BasicAuthenticator authenticator, Clock clock) {
    this(config, authenticator, clock, new Readiness(), OperationsSettings.defaults());
  }

  /**
   * With the readiness checks of the process (its credential store's PostgreSQL) and the operations settings
   * ({@code /metrics} token).
   */
  public ImportApiVerticle(ConnectorsConfig config, BasicAuthenticator authenticator, Readiness readiness,
      OperationsSettings operations) {
    this(config, authenticator, Clock.systemUTC(), readiness, operations);
  }

  ImportApiVerticle(ConnectorsConfig config, BasicAuthenticator authenticator, Clock clock, Readiness readiness,
      OperationsSettings operations) {
    this.config = config;
    this.authenticator = authenticator;
    this.clock = clock;
    this.readiness = readiness;
    this.operations = operations;
  }

  @Override
  public Future<?> start() {
    workers = vertx.createSharedWorkerExecutor("connectors-imports", 1);
    ServiceMetrics metrics = HubMetrics.of(vertx);
    String rows = "ahp.import.rows";
    String rowsDescription = "rows of uploaded files by outcome: read, rejected (listed in the import's rejects), "
        + "skipped (before the checkpoint)";
    rowsRead = metrics.counter(rows, rowsDescription, "outcome", "read");
    rowsStored = metrics.counter("ahp.import.statements.stored",
        "statements translated from uploaded rows that the LRS stored (new to it)");
    rowsRejected = metrics.counter(rows, rowsDescription, "outcome", "rejected");
    rowsSkipped = metrics.counter(rows, rowsDescription, "outcome", "skipped");
    importsFinished = metrics.counter("ahp.imports", "imports that ended, by outcome", "outcome", "finished");
    importsFailed = metrics.counter("ahp.imports", "imports that ended, by outcome", "outcome", "failed");
    Router router = Router.router(vertx);
    OperationsRoutes.of(vertx, readiness, operations).mount(router);
    // No BodyHandler: the body is read only after the caller is authenticated, and goes to disk.
    router.post("/imports/:source").handler(this::startImport);
    router.get("/imports/:id").handler(this::status);
    router.route().last().handler(ctx -> error(ctx, 404, "not_found", "no such endpoint", "path"));
    router.errorHandler(500, ctx -> {
      LOG.error("unexpected error on {}", LogText.of(ctx.request().path()), ctx.failure());
      error(ctx, 503, "unavailable", "the import could not be accepted; nothing was imported, please retry", "path");
    });
    return vertx.createHttpServer()
        .requestHandler(router)
        .listen(config.httpPort(), config.httpHost())
        .onSuccess(s -> {
          server = s;
          LOG.info("connectors import API listening on {}:{}", config.httpHost(), s.actualPort());
        });
  }

  @Override
  public Future<?> stop() {
    readiness.stopping();
    return workers == null ? Future.succeededFuture() : workers.close();
  }

  /** The port listened on (useful when configured as 0). */
  public int actualPort() {
    return server.actualPort();
  }

  /** How many jobs are remembered (queued, running or finished). */
  int jobsKept() {
    return jobs.size();
  }

  private void startImport(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    request.pause();
    authenticate(ctx).onSuccess(principal -> {
      if (!principal.hasAnyScope("statements/write", "all")) {
        error(ctx, 403, "forbidden", "this credential may not write statements (statements/write)",
            "header Authorization");
      } else {
        accept(ctx, principal);
      }
    });
  }

  /** Checks the parameters, then streams the body to a temporary file and queues the import. */
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
    ConnectorsConfig jobConfig = config;
    String homePage = request.getParam("homePage");
    if (homePage != null) {
      if (source.equals(ElfhTranslator.SOURCE) || !Iris.isAbsoluteHttp(homePage)) {
        error(ctx, 400, "bad_home_page", source.equals(ElfhTranslator.SOURCE)
            ? "e-LfH learners have a fixed homePage" : "homePage must be an absolute http(s) URL", "query homePage");
        return;
      }
      jobConfig = config.withLearnerHomePage(source, homePage);
    }
    String length = request.getHeader("Content-Length");
    if (length != null && length.chars().allMatch(Character::isDigit) && !length.isEmpty()
        && (length.length() > 18 || Long.parseLong(length) > config.maxUploadBytes())) {
      tooLarge(ctx);
      return;
    }
    String filename = request.getParam("filename");
    String name = filename != null && !filename.isBlank() ? filename.strip()
        : "upload." + (format == InputFormat.JSON ? "json" : "csv");
    ConnectorsConfig runConfig = jobConfig;
    vertx.fileSystem().createTempFile("ahp-import-", ".upload")
        .compose(path -> vertx.fileSystem().open(path, new OpenOptions().setWrite(true).setCreate(false))
            .onFailure(e -> delete(path))
            .map(file -> {
              receive(ctx, Path.of(path), file, bytes -> queue(ctx, principal, source, name, format, runConfig,
                  Path.of(path), bytes));
              return file;
            }))
        .onFailure(e -> {
          LOG.error("no temporary file for an upload", e);
          error(ctx, 503, "unavailable", "the import could not be accepted; nothing was imported, please retry",
              "body");
        });
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

  private void queue(RoutingContext ctx, Principal principal, String source, String name, InputFormat format,
      ConnectorsConfig runConfig, Path upload, long bytes) {
    String authorization = ctx.request().getHeader("Authorization");
    ImportJob job = new ImportJob(UUID.randomUUID().toString(), source, name, principal.credentialKey(),
        clock.instant());
    remember(job);
    LOG.info("import {} queued: source {}, {} ({} bytes) for credential {}", job.id(), source, LogText.of(name),
        bytes, LogText.of(principal.credentialKey()));
    // Hashing and parsing a large upload is blocking work: it all happens on the worker.
    workers.executeBlocking(() -> {
          try {
            return run(job, source, ImportInput.ofFile(upload, name, format), authorization, runConfig);
          } finally {
            Files.deleteIfExists(upload);
          }
        }, true)
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

  private ImportSummary run(ImportJob job, String source, ImportInput input, String authorization,
      ConnectorsConfig jobConfig) throws Exception {
    job.started(clock.instant());
    LOG.info("import {} started: source {}, {} ({})", job.id(), source, LogText.of(input.name()), input.format());
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
    rowsRead.increment(summary.rowsRead());
    rowsStored.increment(summary.statementsStored());
    rowsRejected.increment(summary.rowsRejected());
    rowsSkipped.increment(summary.rowsSkipped());
    (summary.error() == null ? importsFinished : importsFailed).increment();
    LOG.info("import {} finished: {} rows, {} statements posted, {} rejected{}", job.id(), summary.rowsRead(),
        summary.statementsPosted(), summary.rowsRejected(),
        summary.error() == null ? "" : ", error: " + LogText.of(summary.error()));
    return summary;
  }

  private void status(RoutingContext ctx) {
    authenticate(ctx).onSuccess(principal -> {
      ImportJob job = jobs.get(ctx.pathParam("id"));
      if (job == null || !job.ownedBy(principal.credentialKey())) {
        error(ctx, 404, "not_found", "no import with this id for these credentials", "path /imports/{id}");
        return;
      }
      ctx.response().putHeader("Content-Type", "application/json").end(job.json().encode());
    });
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

  /**
   * A JSON error. When the request body was not (all) read, the connection is closed after the answer:
   * nothing more of that body is read.
   */
  private static void error(RoutingContext ctx, int status, String code, String message, String path) {
    if (ctx.response().ended()) {
      return;
    }
    HttpServerRequest request = ctx.request();
    boolean bodyUnread = !request.isEnded() && request.version() != HttpVersion.HTTP_2;
    if (bodyUnread) {
      ctx.response().putHeader("Connection", "close");
    }
    ctx.response()
        .setStatusCode(status)
        .putHeader("Content-Type", "application/json")
        .end(new JsonObject().put("error", code).put("message", message).put("path", path).encode())
        .onComplete(v -> {
          if (bodyUnread) {
            request.connection().close();
          }
        });
  }

}
