package org.ahphub.lrs.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Statement ids the LRS assigns are version 7 UUIDs ordered by time")
class TimeOrderedIdsTest {

  @Test
  @DisplayName("version 7, variant 2 (RFC 4122/9562), carrying the millisecond, in standard string form")
  void versionVariantAndTime() {
    UUID id = TimeOrderedIds.at(1_763_790_000_123L);

    assertThat(id.version()).isEqualTo(7);
    assertThat(id.variant()).isEqualTo(2);
    assertThat(id.getMostSignificantBits() >>> 16).isEqualTo(1_763_790_000_123L);
    assertThat(id.toString()).matches("[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
  }

  @Test
  @DisplayName("a later millisecond sorts after an earlier one; ids within one millisecond differ")
  void orderedAndUnique() {
    assertThat(TimeOrderedIds.at(1_000).toString()).isLessThan(TimeOrderedIds.at(1_001).toString());
    Set<UUID> ids = new HashSet<>();
    for (int i = 0; i < 10_000; i++) {
      ids.add(TimeOrderedIds.at(42));
    }
    assertThat(ids).hasSize(10_000);
  }
}
