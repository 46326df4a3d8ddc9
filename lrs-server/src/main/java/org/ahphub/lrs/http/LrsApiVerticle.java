package org.ahphub.lrs.http;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpMethod;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.Set;
import java.util.List;
import org.ahphub.lrs.store.AttachmentContent;
import org.ahphub.lrs.service.DocumentService;
import org.ahphub.lrs.service.PersonService;
import org.ahphub.lrs.service.StatementFormat;
import org.ahphub.lrs.service.StatementService;
import org.ahphub.lrs.service.XapiException;
import org.ahphub.lrs.store.StatementStore.StatementPage;
import org.ahphub.platform.http.HttpDrain;
import org.ahphub.platform.identity.BasicAuthenticator;
import org.ahphub.platform.identity.Principal;
import org.ahphub.platform.ops.OperationsRoutes;
import org.ahphub.xapi.XapiVersion;

/** The xAPI HTTP surface under {@code /xapi/}: parses requests, calls the services, writes responses. */
public final class LrsApiVerticle extends VerticleBase {

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(LrsApiVerticle.class);

  private static final String PRINCIPAL = "principal";
  private static final String VERSION = "xapiVersion";
  private static final String CONSISTENT_THROUGH = "X-Experience-API-Consistent-Through";
  private static final Set<String> SINGLE_STATEMENT_PARAMETERS =
      Set.of("statementId", "voidedStatementId", "format", "attachments");
  private static final long MAX_BODY_BYTES = 16L * 1024 * 1024;

  private final String host;
  private final int port;
  private final StatementService statements;
  private final PersonService persons;
  private final BasicAuthenticator authenticator;
  private final DocumentRoutes documents;
  private final Set<String> corsOrigins;
  private final OperationsRoutes operations;
  private HttpServer server;

  public LrsApiVerticle(String host, int port, StatementService statements, DocumentService documents,
      PersonService persons, BasicAuthenticator authenticator, Set<String> corsOrigins, OperationsRoutes operations) {
    this.operations = operations;
    this.host = host;
    this.port = port;
    this.corsOrigins = Set.copyOf(corsOrigins);
    this.statements = statements;
    this.persons = persons;
    this.documents = new DocumentRoutes(documents);
    this.authenticator = authenticator;
  }

  @Override
  public Future<?> start() {
    Router router = Router.router(vertx);
    operations.mount(router);
    router.route().handler(LrsApiVerticle::commonHeaders);
    router.route("/xapi/*").handler(new Cors(corsOrigins));
    router.get("/xapi/about").handler(this::about);
    router.head("/xapi/about").handler(this::about);
    router.route("/xapi/*").handler(this::authenticateBeforeBody);
    // The body handler must come before any other asynchronous step, or the body is gone by the time it runs.
    router.route("/xapi/*").handler(LrsApiVerticle::rejectFormData);
    router.route("/xapi/*").handler(BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES));
    router.route("/xapi/*").handler(AlternateSyntax::handle);
    // After the alternate syntax has moved its form fields into the query: every parameter, checked once.
    router.route("/xapi/*").handler(ctx -> {
      QueryParameters.requireUtf8(ctx.request().query());
      QueryParameters.requireStorable(ctx.queryParams());
      ctx.next();
    });
    router.route("/xapi/*").handler(this::negotiateVersion);
    router.route("/xapi/*").handler(this::authenticate);
    router.post("/xapi/*").handler(this::dispatchAlternate);
    router.post("/xapi/statements").handler(this::postStatements);
    router.put("/xapi/statements").handler(this::putStatement);
    router.get("/xapi/statements").handler(this::getStatements);
    router.head("/xapi/statements").handler(this::getStatements);
    router.get("/xapi/activities").handler(this::getActivity);
    router.head("/xapi/activities").handler(this::getActivity);
    router.get("/xapi/agents").handler(this::getAgent);
    router.head("/xapi/agents").handler(this::getAgent);
    documents.mount(router);
    router.route().last().handler(ctx -> ErrorResponses.send(ctx, 404, "no such resource", java.util.List.of()));
    router.route().failureHandler(ErrorResponses::handle);
    return vertx.createHttpServer().requestHandler(router).listen(port, host).onSuccess(s -> server = s);
  }

  /** Answers the requests in flight before the LRS closes its pool ({@link HttpDrain}). */
  @Override
  public Future<?> stop() {
    return HttpDrain.drain(server);
  }

  public int actualPort() {
    return server.actualPort();
  }

  private void about(RoutingContext ctx) {
    ctx.response().putHeader(XapiVersion.HEADER, XapiVersion.V2_0_0.label());
    ctx.json(new JsonObject()
        .put("version", new JsonArray().add(XapiVersion.V1_0_3.label()).add(XapiVersion.V2_0_0.label()))
        .put("extensions", new JsonObject()));
  }

  private void negotiateVersion(RoutingContext ctx) {
    String header = ctx.request().getHeader(XapiVersion.HEADER);
    Optional<XapiVersion> version = XapiVersion.fromHeader(header);
    if (version.isEmpty()) {
      ctx.fail(new XapiException.BadRequest("header.version", XapiVersion.HEADER, header == null
          ? "the X-Experience-API-Version header is required"
          : "X-Experience-API-Version " + header + " is not supported; use 1.0.3 or 2.0.0"));
      return;
    }
    ctx.put(VERSION, version.get());
    ctx.response().putHeader(XapiVersion.HEADER, version.get().label());
    ctx.next();
  }

  /**
   * A request that carries an Authorization header is authenticated before its body is read: a caller
   * without valid credentials never makes the LRS buffer a body. The request is paused meanwhile (the body
   * handler resumes it). The alternate syntax carries its credentials in the body, so it is authenticated
   * after it ({@link #authenticate}), as is a request without the header (a 401 there as well).
   */
  private void authenticateBeforeBody(RoutingContext ctx) {
    String authorization = ctx.request().getHeader("Authorization");
    if (authorization == null || ctx.request().query() != null && ctx.request().query().contains("method=")) {
      ctx.next();
      return;
    }
    ctx.request().pause();
    authenticator.authenticate(authorization, clientAddress(ctx))
        .onSuccess(principal -> {
          ctx.put(PRINCIPAL, principal);
          ctx.next();
        })
        .onFailure(ctx::fail);
  }

  private void authenticate(RoutingContext ctx) {
    if (ctx.get(PRINCIPAL) != null) {
      ctx.next();
      return;
    }
    authenticator.authenticate(ctx.request().getHeader("Authorization"), clientAddress(ctx))
        .onSuccess(principal -> {
          ctx.put(PRINCIPAL, principal);
          ctx.next();
        })
        .onFailure(ctx::fail);
  }

  /** Failed credential checks are limited per client address (and per key). */
  private static String clientAddress(RoutingContext ctx) {
    return ctx.request().remoteAddress() == null ? null : ctx.request().remoteAddress().hostAddress();
  }

  /** A statements request body: JSON, or multipart/mixed with the statements first and attachment parts after. */
  private record StatementsBody(Object statements, List<AttachmentContent> attachments) {}

  private static StatementsBody statementsBody(RoutingContext ctx) {
    String contentType = ctx.request().getHeader("Content-Type");
    if (!MultipartMixed.isMultipart(contentType)) {
      return new StatementsBody(jsonBody(ctx), List.of());
    }
    List<MultipartMixed.Part> parts = MultipartMixed.parse(
        AlternateSyntax.body(ctx), contentType);
    if (parts.isEmpty()) {
      throw new XapiException.BadRequest("multipart.statements", "body", "the multipart body has no parts");
    }
    MultipartMixed.Part first = parts.get(0);
    String firstType = first.header("Content-Type");
    if (firstType == null || !firstType.toLowerCase().startsWith("application/json")) {
      throw new XapiException.BadRequest("multipart.statements.json", "body",
          "the first part of a multipart/mixed request must be the statements, as application/json");
    }
    Object statements = decode(first.content());
    List<AttachmentContent> attachments = new java.util.ArrayList<>();
    for (int i = 1; i < parts.size(); i++) {
      MultipartMixed.Part part = parts.get(i);
      String hash = part.header("X-Experience-API-Hash");
      if (hash == null || hash.isBlank()) {
        throw new XapiException.BadRequest("multipart.hash", "body.part[" + i + "]",
            "every attachment part needs an X-Experience-API-Hash header with its SHA-256");
      }
      if (!"binary".equalsIgnoreCase(part.header("Content-Transfer-Encoding"))) {
        throw new XapiException.BadRequest("multipart.transfer-encoding", "body.part[" + i + "]",
            "every attachment part needs Content-Transfer-Encoding: binary");
      }
      String type = QueryParameters.storableHeader("Content-Type", part.header("Content-Type"));
      attachments.add(new AttachmentContent(hash.trim(), type == null ? "application/octet-stream" : type,
          part.content()));
    }
    return new StatementsBody(statements, attachments);
  }

  private void postStatements(RoutingContext ctx) {
    statements.requireWriteScope(principal(ctx)); // before any byte of the body is parsed
    StatementsBody body = statementsBody(ctx);
    statements.store(StatementService.asBatch(body.statements()), body.attachments(), principal(ctx), version(ctx))
        .onSuccess(result -> ctx.response()
            .putHeader("X-Hub-Statements-Stored", String.valueOf(result.stored()))
            .putHeader("Content-Type", "application/json")
            .end(new JsonArray(result.ids()).encode()))
        .onFailure(ctx::fail);
  }

  private void putStatement(RoutingContext ctx) {
    onlyParameters(ctx.queryParams(), Set.of("statementId"));
    statements.requireWriteScope(principal(ctx)); // before any byte of the body is parsed
    StatementsBody body = statementsBody(ctx);
    statements.put(ctx.request().getParam("statementId"), body.statements(), body.attachments(), principal(ctx),
            version(ctx))
        .onSuccess(result -> ctx.response()
            .putHeader("X-Hub-Statements-Stored", String.valueOf(result.stored()))
            .setStatusCode(204).end())
        .onFailure(ctx::fail);
  }

  /** Serves a request sent in the alternate syntax with the handler of the method it names. */
  private void dispatchAlternate(RoutingContext ctx) {
    HttpMethod method = ctx.get(AlternateSyntax.METHOD);
    if (method == null) {
      ctx.next();
      return;
    }
    String path = ctx.request().path();
    boolean read = method == HttpMethod.GET || method == HttpMethod.HEAD;
    switch (path) {
      case "/xapi/statements" -> {
        if (read) {
          getStatements(ctx);
        } else if (method == HttpMethod.PUT) {
          putStatement(ctx);
        } else if (method == HttpMethod.POST) {
          postStatements(ctx);
        } else {
          ctx.fail(new XapiException.BadRequest("alternate.method", "method", "statements cannot be deleted"));
        }
      }
      case "/xapi/activities" -> getActivity(ctx);
      case "/xapi/agents" -> getAgent(ctx);
      default -> {
        if (!documents.dispatch(ctx, path, method)) {
          ctx.next();
        }
      }
    }
  }

  /** xAPI never takes multipart/form-data (attachments travel as multipart/mixed). */
  private static void rejectFormData(RoutingContext ctx) {
    String contentType = ctx.request().getHeader("Content-Type");
    if (contentType != null && contentType.toLowerCase().startsWith("multipart/form-data")) {
      ctx.fail(new XapiException.BadRequest("header.content-type", "Content-Type",
          "multipart/form-data is not an xAPI content type; send application/json or multipart/mixed"));
      return;
    }
    ctx.next();
  }

  /**
   * On every response: Date, and {@code X-Content-Type-Options: nosniff}, so that a browser never treats a
   * stored document (any content type a client chose, text/html included) as anything but its declared type.
   */
  private static void commonHeaders(RoutingContext ctx) {
    ctx.response().putHeader("Date", DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC)))
        .putHeader("X-Content-Type-Options", "nosniff");
    ctx.next();
  }

  private void getActivity(RoutingContext ctx) {
    MultiMap params = ctx.queryParams();
    onlyParameters(params, Set.of("activityId"));
    String activityId = QueryParameters.iri(params, "activityId");
    if (activityId == null) {
      throw QueryParameters.bad("activityId", "is required");
    }
    statements.activity(activityId, principal(ctx))
        .onSuccess(activity -> ctx.response().putHeader("Content-Type", "application/json").end(activity.encode()))
        .onFailure(ctx::fail);
  }

  private void getAgent(RoutingContext ctx) {
    MultiMap params = ctx.queryParams();
    onlyParameters(params, Set.of("agent"));
    String json = params.get("agent");
    if (json == null) {
      throw QueryParameters.bad("agent", "is required");
    }
    QueryParameters.agentKey(json, "agent", version(ctx));
    persons.person(new JsonObject(json), principal(ctx))
        .onSuccess(person -> ctx.response().putHeader("Content-Type", "application/json").end(person.encode()))
        .onFailure(ctx::fail);
  }

  private static void onlyParameters(MultiMap params, Set<String> allowed) {
    for (String name : params.names()) {
      if (!allowed.contains(name)) {
        throw QueryParameters.bad(name, "is not a parameter of this resource");
      }
    }
  }

  private void getStatements(RoutingContext ctx) {
    var params = ctx.queryParams();
    format(ctx); // a bad format is a 400 before any work
    // Everything committed before this instant is visible to the read that follows.
    ctx.response().putHeader(CONSISTENT_THROUGH, Instant.now().toString());
    if (params.contains("statementId") || params.contains("voidedStatementId")) {
      boolean voided = params.contains("voidedStatementId");
      for (String name : params.names()) {
        if (!SINGLE_STATEMENT_PARAMETERS.contains(name) || (params.contains("statementId") && voided)) {
          throw QueryParameters.bad(name, "cannot be combined with statementId or voidedStatementId");
        }
      }
      statements.find(params.get(voided ? "voidedStatementId" : "statementId"), voided, principal(ctx))
          .onSuccess(stored -> {
            ctx.response().putHeader("Last-Modified", DateTimeFormatter.RFC_1123_DATE_TIME.format(
                stored.stored().atOffset(ZoneOffset.UTC)));
            Rendered rendered = render(ctx, List.of(stored.payload()));
            respond(ctx, rendered.texts().get(0), rendered.parsed());
          })
          .onFailure(ctx::fail);
      return;
    }
    statements.query(QueryParameters.parse(params, version(ctx)), principal(ctx))
        .onSuccess(page -> writePage(ctx, page))
        .onFailure(ctx::fail);
  }

  private void writePage(RoutingContext ctx, StatementPage page) {
    StatementFormat format = format(ctx);
    String more = page.nextCursor()
        .map(cursor -> QueryParameters.moreLink(ctx.request().path(), ctx.queryParams(), cursor))
        .orElse("");
    ctx.response().putHeader(CONSISTENT_THROUGH, page.consistentThrough().toString());
    if (format == StatementFormat.EXACT && !attachmentsAsked(ctx)) {
      // The stored texts go out as they are: parsing and re-encoding them was most of what a GET cost.
      ctx.response().putHeader("Content-Type", "application/json").end(exactPage(page.statements(), more));
      return;
    }
    Rendered rendered = render(ctx, page.statements());
    respond(ctx, exactPage(rendered.texts(), more), rendered.parsed());
  }

  /** Statements as they go out (JSON text in the requested format) and, parsed, those whose attachments count. */
  private record Rendered(List<String> texts, List<JsonObject> parsed) {}

  /**
   * Each stored statement in the requested format. One stored before the depth limit, too deep to parse
   * (the JSON parser stops at 1,000 levels), goes out exactly as stored instead of failing the whole read.
   */
  private static Rendered render(RoutingContext ctx, List<String> stored) {
    StatementFormat format = format(ctx);
    List<String> languages = languages(ctx);
    List<String> texts = new java.util.ArrayList<>(stored.size());
    List<JsonObject> parsed = new java.util.ArrayList<>(stored.size());
    for (String text : stored) {
      JsonObject statement;
      String formatted;
      try {
        statement = new JsonObject(text);
        formatted = format == StatementFormat.EXACT ? text : format.apply(statement, languages).encode();
      } catch (RuntimeException | StackOverflowError e) {
        LOG.warn("a stored statement cannot be parsed ({}); it is served as stored", e.getClass().getSimpleName());
        texts.add(text);
        continue;
      }
      parsed.add(statement);
      texts.add(formatted);
    }
    return new Rendered(texts, parsed);
  }

  private static boolean attachmentsAsked(RoutingContext ctx) {
    return "true".equals(ctx.queryParams().get("attachments"));
  }

  /** A StatementResult of statements already JSON text: {@code {"statements":[…],"more":"…"}}. */
  static Buffer exactPage(List<String> statements, String more) {
    int length = 32 + more.length() + statements.stream().mapToInt(String::length).sum() + statements.size();
    Buffer page = Buffer.buffer(length).appendString("{\"statements\":[");
    for (int i = 0; i < statements.size(); i++) {
      page.appendString(i == 0 ? "" : ",").appendString(statements.get(i));
    }
    return page.appendString("],\"more\":").appendString(Json.encode(more)).appendString("}");
  }

  /**
   * JSON, or with {@code attachments=true} multipart/mixed: the JSON first, then the content of every
   * attachment of these statements that the LRS holds (fileUrl-only attachments have none).
   */
  private void respond(RoutingContext ctx, Object json, List<JsonObject> returned) {
    Buffer body = json instanceof Buffer buffer ? buffer : Buffer.buffer((String) json);
    if (!attachmentsAsked(ctx)) {
      ctx.response().putHeader("Content-Type", "application/json").end(body);
      return;
    }
    statements.attachmentsOf(returned)
        .onSuccess(attachments -> {
          String boundary = MultipartMixed.newBoundary();
          List<MultipartMixed.Part> parts = new java.util.ArrayList<>();
          parts.add(new MultipartMixed.Part(java.util.Map.of("Content-Type", "application/json"), body));
          for (AttachmentContent attachment : attachments) {
            java.util.Map<String, String> headers = new java.util.LinkedHashMap<>();
            headers.put("Content-Type", attachment.contentType());
            headers.put("Content-Transfer-Encoding", "binary");
            headers.put("X-Experience-API-Hash", attachment.sha2());
            parts.add(new MultipartMixed.Part(headers, attachment.content()));
          }
          ctx.response().putHeader("Content-Type", "multipart/mixed; boundary=" + boundary)
              .end(MultipartMixed.write(boundary, parts));
        })
        .onFailure(ctx::fail);
  }

  private static Object jsonBody(RoutingContext ctx) {
    String contentType = ctx.request().getHeader("Content-Type");
    if (contentType == null || !contentType.toLowerCase().startsWith("application/json")) {
      throw new XapiException.BadRequest("header.content-type", "Content-Type",
          "statements must be sent as application/json");
    }
    if (AlternateSyntax.body(ctx).length() == 0) {
      throw new XapiException.BadRequest("body.empty", "$", "the request body is empty");
    }
    return decode(AlternateSyntax.body(ctx));
  }

  private static Object decode(io.vertx.core.buffer.Buffer buffer) {
    try {
      return Json.decodeValue(buffer);
    } catch (DecodeException e) {
      throw new XapiException.BadRequest("body.json", "$", "the body is not well-formed JSON");
    }
  }

  private static StatementFormat format(RoutingContext ctx) {
    return StatementFormat.parse(ctx.queryParams().get("format"));
  }

  private static List<String> languages(RoutingContext ctx) {
    return StatementFormat.languages(ctx.request().getHeader("Accept-Language"));
  }

  static Principal principal(RoutingContext ctx) {
    return ctx.get(PRINCIPAL);
  }

  static XapiVersion version(RoutingContext ctx) {
    return ctx.get(VERSION);
  }
}
