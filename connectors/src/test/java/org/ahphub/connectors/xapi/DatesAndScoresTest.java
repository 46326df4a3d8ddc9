package org.ahphub.connectors.xapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.time.ZoneId;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DatesAndScoresTest {

  private static final ZoneId LONDON = ZoneId.of("Europe/London");

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
      "14/03/2024 09:30,       2024-03-14T09:30:00.000Z",
      "14/03/2024,             2024-03-14T00:00:00.000Z",
      "4/3/2024,               2024-03-04T00:00:00.000Z",
      "02/06/2024 14:05:30,    2024-06-02T14:05:30.000+01:00",
      "2024-06-02,             2024-06-02T00:00:00.000+01:00",
      "2024-06-02T14:05,       2024-06-02T14:05:00.000+01:00",
      "2024-06-02 14:05:00,    2024-06-02T14:05:00.000+01:00",
      "2024-06-02T14:05:00Z,   2024-06-02T14:05:00.000Z",
      "2024-06-02T14:05:00.250+02:00, 2024-06-02T14:05:00.250+02:00"
  })
  @DisplayName("ISO 8601 and UK dates become xAPI timestamps; no offset means Europe/London")
  void dates(String text, String timestamp) {
    assertThat(Dates.timestamp(Dates.parse(text, LONDON))).isEqualTo(timestamp);
  }

  @Test
  @DisplayName("impossible or American-looking dates are rejected, not rolled over")
  void badDates() {
    assertThatThrownBy(() -> Dates.parse("31/02/2024", LONDON)).hasMessageContaining("'31/02/2024' is not a date");
    assertThatThrownBy(() -> Dates.parse("03/14/2024", LONDON)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Dates.parse("yesterday", LONDON)).isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest(name = "{0} -> scaled {1}, raw {2}")
  @CsvSource({"85, 0.85, 85", "85%, 0.85, 85", "0.85, 0.85, 85", "85.5 %, 0.855, 85.5", "100, 1, 100",
      "1.0, 1, 100", "0, 0, 0", "1, 0.01, 1"})
  @DisplayName("scores as 85, 85% or 0.85 become scaled, raw, min 0, max 100")
  void scores(String text, String scaled, String raw) {
    JsonObject score = Score.parse(text).json();
    assertThat(score.getValue("scaled").toString()).isEqualTo(scaled);
    assertThat(score.getValue("raw").toString()).isEqualTo(raw);
    assertThat(score.getInteger("min")).isZero();
    assertThat(score.getInteger("max")).isEqualTo(100);
  }

  @Test
  @DisplayName("scores that are not numbers or outside 0-100% are rejected with the value")
  void badScores() {
    assertThatThrownBy(() -> Score.parse("abc")).hasMessage("score 'abc' is not a number or percentage");
    assertThatThrownBy(() -> Score.parse("101")).hasMessageContaining("outside 0 to 100%");
    assertThatThrownBy(() -> Score.parse("-5")).hasMessageContaining("outside");
  }
}
