package org.ahphub.lrs.service;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.ahphub.lrs.store.DocumentStore;
import org.ahphub.lrs.store.DocumentStore.Document;
import org.ahphub.lrs.store.DocumentStore.DocumentKey;
import org.ahphub.lrs.store.DocumentStore.Kind;
import org.ahphub.platform.identity.Principal;
import org.ahphub.xapi.XapiVersion;

/**
 * The document resources (State, Activity Profile, Agent Profile), each organisation's own (the caller's
 * organisation is part of every document's key): optimistic concurrency with
 * ETags (If-Match / If-None-Match, 412 and 409 as the spec says) and JSON merge on POST.
 */
public final class DocumentService {

  public static final String SCOPE_STATE = "state";
  public static final String SCOPE_PROFILE = "profile";
  private static final String JSON = "application/json";

  private final DocumentStore store;

  public DocumentService(DocumentStore store) {
    this.store = store;
  }

  /** The request's If-Match and If-None-Match headers, null when absent. */
  public record Preconditions(String ifMatch, String ifNoneMatch) {
    public static final Preconditions NONE = new Preconditions(null, null);

    boolean none() {
      return ifMatch == null && ifNoneMatch == null;
    }
  }

  public Future<Document> get(DocumentKey key, Principal principal) {
    return authorise(key, principal)
        .compose(v -> store.find(principal.organisationId(), key))
        .compose(found -> found.map(Future::succeededFuture)
            .orElseGet(() -> Future.failedFuture(new XapiException.NotFound("no such document"))));
  }

  public Future<List<String>> ids(DocumentKey key, Instant since, Principal principal) {
    return authorise(key, principal).compose(v -> store.ids(principal.organisationId(), key, since));
  }

  /** PUT: replace the document, subject to the preconditions. */
  public Future<Void> put(DocumentKey key, Buffer content, String contentType, Preconditions preconditions,
      XapiVersion version, Principal principal) {
    Document replacement = document(content, contentType);
    return authorise(key, principal)
        .compose(v -> store.update(principal.organisationId(), key,
            existing -> check(existing, preconditions, requiresPrecondition(key, version))
            .map(ok -> Optional.of(replacement))));
  }

  /** POST: store if new; if both old and new are JSON objects, merge the new properties into the old. */
  public Future<Void> post(DocumentKey key, Buffer content, String contentType, Preconditions preconditions,
      Principal principal) {
    JsonObject posted;
    try {
      posted = isJson(contentType) ? jsonObject(content, "the posted document") : null;
    } catch (XapiException e) {
      return Future.failedFuture(e);
    }
    return authorise(key, principal)
        .compose(v -> store.update(principal.organisationId(), key,
            existing -> check(existing, preconditions, Requirement.NONE).compose(ok -> merge(existing, posted, content, contentType))));
  }

  private static Future<Optional<Document>> merge(Optional<Document> existing, JsonObject posted, Buffer content,
      String contentType) {
    if (existing.isEmpty()) {
      return Future.succeededFuture(Optional.of(document(content, contentType)));
    }
    Document old = existing.get();
    if (posted == null || !isJson(old.contentType())) {
      return Future.failedFuture(new XapiException.BadRequest("document.merge.json", "$",
          "a POST merges JSON objects: both the stored and the posted document must be application/json"));
    }
    try {
      JsonObject merged = jsonObject(old.content(), "the stored document").mergeIn(posted, false);
      return Future.succeededFuture(Optional.of(document(merged.toBuffer(), JSON)));
    } catch (XapiException e) {
      return Future.failedFuture(e);
    }
  }

  public Future<Void> delete(DocumentKey key, Preconditions preconditions, Principal principal) {
    return authorise(key, principal)
        .compose(v -> store.update(principal.organisationId(), key,
            existing -> check(existing, preconditions, Requirement.NONE).map(ok -> Optional.<Document>empty())));
  }

  /** State DELETE without stateId: every state document of the activity, agent and registration. */
  public Future<Void> deleteAll(DocumentKey key, Principal principal) {
    return authorise(key, principal).compose(v -> store.deleteAll(principal.organisationId(), key));
  }

  /**
   * xAPI 2.0.0 asks for a precondition on every PUT that would overwrite a document; 1.0.3 asks for
   * one on every profile PUT (400 without) and lets State be overwritten freely.
   */
  private static Requirement requiresPrecondition(DocumentKey key, XapiVersion version) {
    if (version == XapiVersion.V2_0_0) {
      return Requirement.WHEN_EXISTS;
    }
    return key.kind() == Kind.STATE ? Requirement.NONE : Requirement.ALWAYS;
  }

  /** When a write must name a precondition: never, when it would overwrite, or always (1.0.3 profiles). */
  enum Requirement { NONE, WHEN_EXISTS, ALWAYS }

  static Future<Void> check(Optional<Document> existing, Preconditions preconditions, Requirement required) {
    if (preconditions.ifMatch() != null) {
      if (existing.isEmpty()) {
        return Future.failedFuture(new XapiException.PreconditionFailed("If-Match: there is no such document"));
      }
      if (!matches(preconditions.ifMatch(), existing.get().etag())) {
        return Future.failedFuture(new XapiException.PreconditionFailed(
            "If-Match: the document has changed; its ETag is \"" + existing.get().etag() + "\""));
      }
    }
    if (preconditions.ifNoneMatch() != null && existing.isPresent()
        && matches(preconditions.ifNoneMatch(), existing.get().etag())) {
      return Future.failedFuture(new XapiException.PreconditionFailed("If-None-Match: the document exists"));
    }
    if (required != Requirement.NONE && preconditions.none() && existing.isPresent()) {
      return Future.failedFuture(new XapiException.Conflict("the document exists: send If-Match with its ETag to "
          + "overwrite it, or If-None-Match: * to create it only if absent"));
    }
    if (required == Requirement.ALWAYS && preconditions.none()) {
      return Future.failedFuture(new XapiException.BadRequest("document.precondition.required", "If-Match",
          "a PUT to a profile needs If-Match (the ETag of the document it replaces) or If-None-Match: *"));
    }
    return Future.succeededFuture();
  }

  /** Whether an If-Match / If-None-Match header value names this ETag ("*" names any). */
  static boolean matches(String header, String etag) {
    for (String tag : header.split(",")) {
      String value = tag.trim();
      if (value.equals("*")) {
        return true;
      }
      if (value.startsWith("W/")) {
        value = value.substring(2);
      }
      if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
        value = value.substring(1, value.length() - 1);
      }
      if (value.equalsIgnoreCase(etag)) {
        return true;
      }
    }
    return false;
  }

  private static Document document(Buffer content, String contentType) {
    return new Document(content, contentType == null ? "application/octet-stream" : contentType, etag(content),
        Instant.now().truncatedTo(ChronoUnit.MILLIS));
  }

  public static String etag(Buffer content) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(content.getBytes()));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static boolean isJson(String contentType) {
    return contentType != null && contentType.toLowerCase().startsWith(JSON);
  }

  /** A JSON object from bytes that must be UTF-8 (RFC 8259): anything else is a 400, not a silent U+FFFD. */
  private static JsonObject jsonObject(Buffer content, String what) {
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
          .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT)
          .decode(java.nio.ByteBuffer.wrap(content.getBytes())).toString();
    } catch (java.nio.charset.CharacterCodingException e) {
      throw new XapiException.BadRequest("document.encoding", "$", what + " is not UTF-8");
    }
    try {
      Object value = io.vertx.core.json.Json.decodeValue(text);
      if (value instanceof JsonObject object) {
        return object;
      }
    } catch (DecodeException e) {
      // falls through
    }
    throw new XapiException.BadRequest("document.json", "$", what + " is not a JSON object");
  }

  private static Future<Void> authorise(DocumentKey key, Principal principal) {
    String scope = key.kind() == Kind.STATE ? SCOPE_STATE : SCOPE_PROFILE;
    return principal.hasAnyScope(scope, StatementService.SCOPE_ALL)
        ? Future.succeededFuture()
        : Future.failedFuture(new XapiException.Forbidden("this credential needs the scope " + scope + " or all"));
  }
}
