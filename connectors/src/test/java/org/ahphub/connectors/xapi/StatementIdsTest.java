package org.ahphub.connectors.xapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class StatementIdsTest {

  @Test
  @DisplayName("UUID v5 matches the RFC 9562 / Python uuid5 value for the DNS namespace")
  void knownVector() {
    UUID dns = UUID.fromString("6ba7b810-9dad-11d1-80b4-00c04fd430c8");
    assertThat(StatementIds.uuid5(dns, "www.example.com").toString()).isEqualTo("2ed6657d-e927-568b-95e1-2665a8aea6a2");
  }

  @Test
  @DisplayName("statement ids are version 5, stable, and differ by source, record and event")
  void deterministic() {
    String id = StatementIds.of("elfh", "account:L1|STAT_FS_L1|2024-05-01T00:00:00Z", "completed");
    assertThat(UUID.fromString(id).version()).isEqualTo(5);
    assertThat(StatementIds.of("elfh", "account:L1|STAT_FS_L1|2024-05-01T00:00:00Z", "completed")).isEqualTo(id);
    assertThat(StatementIds.of("elfh", "account:L1|STAT_FS_L1|2024-05-01T00:00:00Z", "passed")).isNotEqualTo(id);
    assertThat(StatementIds.of("local", "account:L1|STAT_FS_L1|2024-05-01T00:00:00Z", "completed")).isNotEqualTo(id);
  }
}
