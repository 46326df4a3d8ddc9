package org.ahphub.platform.log;

import ch.qos.logback.classic.pattern.ClassicConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import org.ahphub.platform.trace.TraceParent;
import org.ahphub.platform.trace.Traces;

/**
 * {@code %traceId} in a logback pattern: the trace id (request id) of the request the line was logged for,
 * or {@code -}. Logback formats on the logging thread, which is the request's event loop.
 */
public final class TraceIdConverter extends ClassicConverter {

  @Override
  public String convert(ILoggingEvent event) {
    TraceParent trace = Traces.current();
    return trace == null ? "-" : trace.traceId();
  }
}
