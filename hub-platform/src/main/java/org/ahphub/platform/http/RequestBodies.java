package org.ahphub.platform.http;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Reading JSON request bodies; every problem is a 400 that names the field ({@code $.field}). */
public final class RequestBodies {

  private RequestBodies() {}

  public static JsonObject object(RoutingContext ctx) {
    try {
      JsonObject body = ctx.body().asJsonObject();
      return body == null ? new JsonObject() : body;
    } catch (DecodeException | ClassCastException e) {
      throw new ApiError(400, "the body must be a JSON object");
    }
  }

  public static String requiredString(JsonObject body, String field) {
    Object value = body.getValue(field);
    if (!(value instanceof String text) || text.isBlank()) {
      throw new ApiError(400, "$." + field + " is required and must be a non-empty string");
    }
    return text;
  }

  public static String optionalString(JsonObject body, String field) {
    Object value = body.getValue(field);
    if (value == null) {
      return null;
    }
    if (!(value instanceof String text)) {
      throw new ApiError(400, "$." + field + " must be a string");
    }
    return text;
  }

  public static UUID optionalUuid(JsonObject body, String field) {
    String text = optionalString(body, field);
    if (text == null) {
      return null;
    }
    try {
      return UUID.fromString(text);
    } catch (IllegalArgumentException e) {
      throw new ApiError(400, "$." + field + " must be a UUID");
    }
  }

  /** An instant in ISO 8601, or a date (the start of that day, UTC). */
  public static Instant optionalInstant(JsonObject body, String field) {
    String text = optionalString(body, field);
    return text == null ? null : instant(text, "$." + field);
  }

  public static Instant instant(String text, String where) {
    try {
      return text.length() == 10 ? LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant() : Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw new ApiError(400, where + " must be an ISO 8601 date (2026-01-31) or instant (2026-01-31T09:00:00Z)");
    }
  }

  public static List<String> optionalStrings(JsonObject body, String field) {
    Object value = body.getValue(field);
    if (value == null) {
      return null;
    }
    if (!(value instanceof JsonArray array)) {
      throw new ApiError(400, "$." + field + " must be an array of strings");
    }
    List<String> strings = new ArrayList<>();
    for (int i = 0; i < array.size(); i++) {
      if (!(array.getValue(i) instanceof String text)) {
        throw new ApiError(400, "$." + field + "[" + i + "] must be a string");
      }
      strings.add(text);
    }
    return strings;
  }
}
