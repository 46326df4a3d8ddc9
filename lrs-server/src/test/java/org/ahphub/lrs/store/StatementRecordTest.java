package org.ahphub.lrs.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class StatementRecordTest {

  @Test
  @DisplayName("stored is written to the millisecond with three fraction digits, a whole second too (the ADL suite reads a missing fraction as imprecise)")
  void storedKeepsItsMilliseconds() {
    assertThat(StatementRecord.timestamp(Instant.parse("2026-12-07T00:01:53Z"))).isEqualTo("2026-12-07T00:01:53.000Z");
    assertThat(StatementRecord.timestamp(Instant.parse("2026-12-07T00:01:52.990Z"))).isEqualTo("2026-12-07T00:01:52.990Z");
    assertThat(StatementRecord.timestamp(Instant.parse("2026-12-07T00:01:52.994Z"))).isEqualTo("2026-12-07T00:01:52.994Z");
  }
}
