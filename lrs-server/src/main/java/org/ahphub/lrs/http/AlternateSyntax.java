package org.ahphub.lrs.http;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;
import java.util.Set;
import org.ahphub.lrs.service.XapiException;
import org.ahphub.xapi.XapiVersion;

/**
 * xAPI 1.0.3's alternate request syntax (Communication 1.3): a form POST with {@code ?method=X} whose
 * form fields carry the headers, the query parameters and the body ({@code content}) of the real
 * request. The request is rewritten in place so that the ordinary handlers serve it. xAPI 2.0.0
 * removed the syntax: it is rejected there.
 */
final class AlternateSyntax {

  static final String METHOD = "xapi.alternate.method";
  static final String BODY = "xapi.alternate.body";
  private static final Set<String> HEADERS = Set.of("authorization", "x-experience-api-version", "content-type",
      "content-length", "if-match", "if-none-match");
  private static final Set<String> METHODS = Set.of("GET", "HEAD", "PUT", "POST", "DELETE");

  private AlternateSyntax() {}

  static void handle(RoutingContext ctx) {
    MultiMap query = ctx.queryParams();
    if (!query.contains("method")) {
      ctx.next();
      return;
    }
    if (ctx.request().method() != HttpMethod.POST) {
      throw bad("method", "the alternate request syntax must be sent as a POST");
    }
    if (query.size() != 1) {
      throw bad("method", "with the alternate request syntax every parameter travels in the form body");
    }
    String method = query.get("method").toUpperCase(Locale.ROOT);
    if (!METHODS.contains(method)) {
      throw bad("method", "method must be GET, HEAD, PUT, POST or DELETE");
    }
    String contentType = ctx.request().getHeader("Content-Type");
    if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
      throw new XapiException.BadRequest("alternate.content-type", "Content-Type",
          "the alternate request syntax is sent as application/x-www-form-urlencoded");
    }
    MultiMap form = ctx.request().formAttributes();
    query.remove("method");
    boolean contentTypeGiven = false;
    for (String name : form.names()) {
      String value = form.get(name);
      String lower = name.toLowerCase(Locale.ROOT);
      if (HEADERS.contains(lower)) {
        ctx.request().headers().set(name, value);
        contentTypeGiven |= lower.equals("content-type");
      } else if (name.equals("content")) {
        ctx.put(BODY, Buffer.buffer(value));
      } else {
        query.add(name, value);
      }
    }
    if (!contentTypeGiven) {
      ctx.request().headers().set("Content-Type", "application/json");
    }
    if (XapiVersion.fromHeader(ctx.request().getHeader(XapiVersion.HEADER)).orElse(null) == XapiVersion.V2_0_0) {
      throw bad("method", "xAPI 2.0.0 has no alternate request syntax; send the request itself");
    }
    ctx.put(METHOD, HttpMethod.valueOf(method));
    ctx.next();
  }

  /** The request body: the form's {@code content} under the alternate syntax, else the body itself. */
  static Buffer body(RoutingContext ctx) {
    Buffer alternate = ctx.get(BODY);
    if (alternate != null) {
      return alternate;
    }
    return ctx.body().buffer() == null ? Buffer.buffer() : ctx.body().buffer();
  }

  private static XapiException.BadRequest bad(String parameter, String message) {
    return new XapiException.BadRequest("alternate.syntax", parameter, message);
  }
}
