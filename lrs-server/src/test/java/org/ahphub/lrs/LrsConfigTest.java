package org.ahphub.lrs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("LRS configuration from the environment")
class LrsConfigTest {

  @Test
  @DisplayName("one statement-writing transaction at a time unless LRS_WRITER_TRANSACTIONS says more")
  void writerTransactions() {
    assertThat(LrsConfig.fromEnv(Map.of()).writerTransactions()).isEqualTo(1);
    assertThat(LrsConfig.fromEnv(Map.of("LRS_WRITER_TRANSACTIONS", "4")).writerTransactions()).isEqualTo(4);
  }

  @Test
  @DisplayName("a writer needs a transaction, and cannot hold more connections than its pool has")
  void writerTransactionsOutOfRange() {
    assertThatThrownBy(() -> LrsConfig.fromEnv(Map.of("LRS_WRITER_TRANSACTIONS", "0")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("LRS_WRITER_TRANSACTIONS");
    assertThatThrownBy(() -> LrsConfig.fromEnv(Map.of("LRS_WRITER_TRANSACTIONS", "5", "HUB_DB_POOL_SIZE", "4")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("LRS_WRITER_TRANSACTIONS must be from 1 to HUB_DB_POOL_SIZE (4), got 5");
    assertThatThrownBy(() -> LrsConfig.fromEnv(Map.of("LRS_WRITER_TRANSACTIONS", "many")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("whole number");
  }
}
