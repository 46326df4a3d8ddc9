package org.ahphub.connectors.input;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class JsonRowSourceTest {

  private static final Schema SCHEMA = Schema.of(Field.required("learnerId", "learner id"), Field.optional("score"));

  private static List<Row> rows(String json) throws Exception {
    try (JsonRowSource source = new JsonRowSource(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)),
        SCHEMA, "in.json", "fp")) {
      List<Row> rows = new ArrayList<>();
      for (Row r = source.next(); r != null; r = source.next()) {
        rows.add(r);
      }
      return rows;
    }
  }

  @Test
  @DisplayName("a top-level array of objects gives one row per object; keys match fields like CSV headers")
  void topLevelArray() throws Exception {
    List<Row> rows = rows("[{\"Learner_ID\": \"L1\", \"score\": 85.0, \"other\": {\"x\": 1}}, {\"learnerId\": 7}]");
    assertThat(rows).hasSize(2);
    assertThat(rows.get(0).get("learnerId")).isEqualTo("L1");
    assertThat(rows.get(0).get("score")).isEqualTo("85");
    assertThat(rows.get(1).get("learnerId")).isEqualTo("7");
    assertThat(rows.get(1).line()).isEqualTo(2);
    assertThat(rows.get(1).origin()).isEqualTo("fp#2");
  }

  @Test
  @DisplayName("an element that is not an object, or a field holding an object, is a malformed row; reading goes on")
  void malformedElements() throws Exception {
    List<Row> rows = rows("{\"meta\": {\"list\": [1, 2]}, \"records\": [\"text\", {\"learnerId\": [1]}, {\"learnerId\": \"L3\"}]}");
    assertThat(rows).extracting(Row::malformed).containsExactly(true, true, false);
    assertThat(rows.get(0).problem()).isEqualTo("the record is not a JSON object");
    assertThat(rows.get(1).problem()).isEqualTo("'learnerId' must be a single value, not an object or array");
    assertThat(rows.get(2).get("learnerId")).isEqualTo("L3");
  }

  @Test
  @DisplayName("broken JSON, or JSON without records, fails the input as a whole")
  void brokenJson() {
    assertThatThrownBy(() -> rows("[{\"learnerId\": \"L1\"}, {\"learnerId\": ")).isInstanceOf(InputException.class)
        .hasMessageContaining("not valid JSON after record 1");
    assertThatThrownBy(() -> rows("{\"count\": 0}")).isInstanceOf(InputException.class)
        .hasMessageContaining("no array of records");
  }
}
