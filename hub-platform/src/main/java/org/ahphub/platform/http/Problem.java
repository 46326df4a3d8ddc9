package org.ahphub.platform.http;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.vertx.core.json.JsonObject;
import java.util.Objects;

/**
 * An RFC 9457 problem details object: what every non-xAPI API of the hub answers when it refuses a request
 * ({@code application/problem+json}). {@code type} is {@value #ABOUT_BLANK} when the status says it all, else a
 * URI under {@value #TYPE_BASE} documented in {@code docs/api.md}; {@code title} is the same for every problem
 * of a type (for {@code about:blank}, the status's reason phrase); {@code detail} says what was wrong with this
 * request, and where (a JSON path such as {@code $.scopes}). {@code extensions} are extra members (the upload
 * service's {@code path}).
 *
 * <p>There is no {@code instance}: echoing the request path would make the refusal about a person the caller
 * may not see differ from the one about an unknown id, and would put the person's id in the answer; the
 * caller knows what it asked.
 */
public record Problem(String type, String title, int status, String detail, JsonObject extensions) {

  public static final String CONTENT_TYPE = "application/problem+json";
  public static final String ABOUT_BLANK = "about:blank";
  public static final String TYPE_BASE = "https://ahp-hub.org/problems/";
  /** No route for this method and path: a feature this service does not have (the web page relies on it). */
  public static final String NO_SUCH_ROUTE = TYPE_BASE + "no-such-route";

  public Problem {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(title, "title");
    if (status < 400 || status > 599) {
      throw new IllegalArgumentException("a problem has a 4xx or 5xx status, not " + status);
    }
    extensions = extensions == null ? new JsonObject() : extensions.copy();
  }

  /** A problem the status describes: {@code about:blank}, titled with the reason phrase. */
  public static Problem of(int status, String detail) {
    return new Problem(ABOUT_BLANK, reasonPhrase(status), status, detail, null);
  }

  /** A problem of a documented type ({@code slug} under {@value #TYPE_BASE}). */
  public static Problem typed(String slug, String title, int status, String detail) {
    return new Problem(TYPE_BASE + slug, title, status, detail, null);
  }

  /** 404 of type {@link #NO_SUCH_ROUTE}: no route of this service takes {@code method} on the request's path. */
  public static Problem noSuchRoute(String method) {
    return typed("no-such-route", "No such route", 404, "no such resource: nothing here answers " + method
        + " on this path");
  }

  public Problem with(String member, Object value) {
    JsonObject more = extensions.copy().put(member, value);
    return new Problem(type, title, status, detail, more);
  }

  public static String reasonPhrase(int status) {
    return HttpResponseStatus.valueOf(status).reasonPhrase();
  }

  /** The members in the order RFC 9457 lists them, then the extensions; absent ones left out. */
  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("type", type).put("title", title).put("status", status);
    if (detail != null) {
      json.put("detail", detail);
    }
    extensions.forEach(member -> json.put(member.getKey(), member.getValue()));
    return json;
  }
}
