package org.ahphub.platform.trace;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class TraceParentTest {

  @Test
  @DisplayName("a valid W3C traceparent is read; its child keeps the trace id and gets a new parent id")
  void parsesAndContinues() {
    TraceParent trace = TraceParent.parse("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01").orElseThrow();
    assertThat(trace.traceId()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
    TraceParent child = trace.child();
    assertThat(child.traceId()).isEqualTo(trace.traceId());
    assertThat(child.parentId()).isNotEqualTo(trace.parentId()).matches("[0-9a-f]{16}");
    assertThat(child.header()).matches("00-4bf92f3577b34da6a3ce929d0e0e4736-[0-9a-f]{16}-01");
  }

  @Test
  @DisplayName("malformed, all-zero or version ff traceparents are ignored (a new trace starts)")
  void rejectsInvalid() {
    assertThat(TraceParent.parse(null)).isEmpty();
    assertThat(TraceParent.parse("garbage")).isEmpty();
    assertThat(TraceParent.parse("00-00000000000000000000000000000000-00f067aa0ba902b7-01")).isEmpty();
    assertThat(TraceParent.parse("00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01")).isEmpty();
    assertThat(TraceParent.parse("ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")).isEmpty();
    assertThat(TraceParent.parse("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra")).isEmpty();
    assertThat(TraceParent.newTrace().header()).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01");
  }
}
