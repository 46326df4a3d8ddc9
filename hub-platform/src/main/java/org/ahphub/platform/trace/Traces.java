package org.ahphub.platform.trace;

import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import io.vertx.ext.web.RoutingContext;

/**
 * The trace of the work running now. Vert.x handles each HTTP request on a context of its own (a duplicate
 * of the verticle's), and every callback of that request's futures runs on it: the trace put there by
 * {@link #handler()} is found by the store that writes the request's rows and by every log line the request
 * causes (see {@code org.ahphub.platform.log}).
 */
public final class Traces {

  private static final Object KEY = new Object();
  /** The response header that names the request id (the trace id) to the caller. */
  public static final String REQUEST_ID_HEADER = "X-Request-Id";

  private Traces() {}

  /**
   * A router's first handler: the caller's {@code traceparent} (a child of it) or a new trace, kept on the
   * request's context, and the trace id sent back as {@code X-Request-Id}.
   */
  public static Handler<RoutingContext> handler() {
    return ctx -> {
      TraceParent trace = TraceParent.parse(ctx.request().getHeader(TraceParent.HEADER))
          .map(TraceParent::child).orElseGet(TraceParent::newTrace);
      put(trace);
      ctx.response().putHeader(REQUEST_ID_HEADER, trace.traceId());
      ctx.next();
    };
  }

  /** Keeps {@code trace} on the current context, if it is a request's (or another duplicated) context. */
  public static void put(TraceParent trace) {
    Context context = Vertx.currentContext();
    if (context instanceof ContextInternal internal && internal.isDuplicate()) {
      internal.localContextData().put(KEY, trace);
    }
  }

  /** The trace of the request being handled, or null outside one. */
  public static TraceParent current() {
    Context context = Vertx.currentContext();
    if (context instanceof ContextInternal internal && internal.isDuplicate()) {
      return (TraceParent) internal.localContextData().get(KEY);
    }
    return null;
  }

  /** The current trace's header value, or null. */
  public static String currentHeader() {
    TraceParent trace = current();
    return trace == null ? null : trace.header();
  }
}
