package org.ahphub.lrs.http;

import io.vertx.core.MultiMap;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.ahphub.lrs.store.StatementQuery;
import org.ahphub.lrs.service.XapiException;
import org.ahphub.xapi.Actors;
import org.ahphub.xapi.StatementValidator;
import org.ahphub.xapi.StorableJson;
import org.ahphub.xapi.XapiVersion;

/** Parses and checks the statements query string, and writes it back for {@code more} links. */
final class QueryParameters {

  static final int DEFAULT_LIMIT = 100;
  static final int MAX_LIMIT = 500;
  private static final Set<String> KNOWN = Set.of("statementId", "voidedStatementId", "agent", "verb", "activity",
      "registration", "related_activities", "related_agents", "since", "until", "limit", "format", "attachments",
      "ascending", "cursor");
  private static final List<String> FILTERS = List.of("agent", "verb", "activity", "registration",
      "related_activities", "related_agents", "since", "until", "limit", "format", "attachments", "ascending");

  private QueryParameters() {}

  static StatementQuery parse(MultiMap params, XapiVersion version) {
    for (String name : params.names()) {
      if (!KNOWN.contains(name)) {
        throw bad(name, "is not a statements query parameter");
      }
    }
    int limit = integer(params, "limit", DEFAULT_LIMIT);
    return new StatementQuery(
        agentKey(params.get("agent"), "agent", version),
        bool(params, "related_agents"),
        iri(params, "verb"),
        iri(params, "activity"),
        bool(params, "related_activities"),
        uuid(params, "registration"),
        instant(params, "since"),
        instant(params, "until"),
        limit == 0 ? MAX_LIMIT : Math.min(limit, MAX_LIMIT),
        bool(params, "ascending"),
        cursor(params),
        null,
        null);
  }

  /**
   * Every parameter's name and value must be text the LRS can store and look up: no U+0000, no unpaired
   * surrogate ({@link StorableJson}). The one check for all resources, before any is parsed; JSON
   * parameters (agent) are checked again once decoded, by the statement validator.
   */
  static void requireStorable(MultiMap params) {
    StorableJson.firstUnstorable(params.entries()).ifPresent(unstorable -> {
      throw bad(unstorable.where(), unstorable.problem());
    });
  }

  /**
   * The raw query string, percent-decoded, must be UTF-8: a decoder that silently turned bad bytes into
   * U+FFFD would look up (or store) something the client never sent.
   */
  static void requireUtf8(String rawQuery) {
    if (rawQuery == null || rawQuery.indexOf('%') < 0) {
      return;
    }
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream(rawQuery.length());
    for (int i = 0; i < rawQuery.length(); i++) {
      char c = rawQuery.charAt(i);
      if (c == '%' && i + 2 < rawQuery.length() && isHex(rawQuery.charAt(i + 1)) && isHex(rawQuery.charAt(i + 2))) {
        bytes.write(Integer.parseInt(rawQuery.substring(i + 1, i + 3), 16));
        i += 2;
      } else {
        byte[] encoded = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        bytes.write(encoded, 0, encoded.length);
      }
    }
    try {
      StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
          .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT)
          .decode(java.nio.ByteBuffer.wrap(bytes.toByteArray()));
    } catch (java.nio.charset.CharacterCodingException e) {
      throw new XapiException.BadRequest("query.encoding", "query", "the query string is not UTF-8 once percent-decoded");
    }
  }

  private static boolean isHex(char c) {
    return Character.digit(c, 16) >= 0;
  }

  /** A header value the LRS stores (a document's or attachment's Content-Type) must be storable text too. */
  static String storableHeader(String name, String value) {
    if (value != null) {
      StorableJson.textProblem(value).ifPresent(problem -> {
        throw new XapiException.BadRequest("header.storable", name, name + " " + problem);
      });
    }
    return value;
  }

  /** The path of the next page: every filter of this request plus the keyset position. */
  static String moreLink(String path, MultiMap params, long cursor) {
    String filters = FILTERS.stream()
        .filter(params::contains)
        .map(name -> name + "=" + URLEncoder.encode(params.get(name), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
    return path + "?" + (filters.isEmpty() ? "" : filters + "&") + "cursor=" + cursor;
  }

  static String agentKey(String json, String name, XapiVersion version) {
    if (json == null) {
      return null;
    }
    JsonObject agent;
    try {
      agent = new JsonObject(json);
    } catch (DecodeException | ClassCastException e) {
      throw bad(name, "must be a JSON Agent or identified Group object");
    }
    JsonObject probe = new JsonObject().put("actor", agent)
        .put("verb", new JsonObject().put("id", "http://example.org/verb"))
        .put("object", new JsonObject().put("id", "http://example.org/activity"));
    if (!StatementValidator.validate(probe, version).isEmpty() || Actors.identifierKey(agent).isEmpty()) {
      throw bad(name, "must be an Agent or identified Group with exactly one identifier");
    }
    return Actors.identifierKey(agent).orElseThrow();
  }

  static String iri(MultiMap params, String name) {
    String value = params.get(name);
    if (value != null && !value.matches("[A-Za-z][A-Za-z0-9+.-]*:\\S+")) {
      throw bad(name, "must be an IRI");
    }
    return value;
  }

  static UUID uuid(MultiMap params, String name) {
    String value = params.get(name);
    try {
      return value == null ? null : UUID.fromString(value);
    } catch (IllegalArgumentException e) {
      throw bad(name, "must be a UUID");
    }
  }

  static Instant instant(MultiMap params, String name) {
    String value = params.get(name);
    try {
      return value == null ? null : OffsetDateTime.parse(value).toInstant();
    } catch (DateTimeParseException e) {
      throw bad(name, "must be an ISO 8601 timestamp with a time zone");
    }
  }

  private static int integer(MultiMap params, String name, int defaultValue) {
    String value = params.get(name);
    try {
      int parsed = value == null ? defaultValue : Integer.parseInt(value);
      if (parsed < 0) {
        throw bad(name, "must not be negative");
      }
      return parsed;
    } catch (NumberFormatException e) {
      throw bad(name, "must be a whole number");
    }
  }

  private static boolean bool(MultiMap params, String name) {
    String value = params.get(name);
    if (value == null) {
      return false;
    }
    return switch (value) {
      case "true" -> true;
      case "false" -> false;
      default -> throw bad(name, "must be true or false");
    };
  }

  private static Long cursor(MultiMap params) {
    String value = params.get("cursor");
    try {
      return value == null ? null : Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw bad("cursor", "is not a cursor this LRS issued");
    }
  }

  static XapiException.BadRequest bad(String parameter, String message) {
    return new XapiException.BadRequest("query." + parameter, parameter, parameter + " " + message);
  }
}
