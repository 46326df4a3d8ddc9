package org.ahphub.mapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Period;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The mapper's environment: MAPPER_FIRE_SAFETY_RENEWAL, one to two years, checked at start-up. */
class MapperConfigTest {

  private static MapperConfig withRenewal(String value) {
    return MapperConfig.fromEnv(Map.of(MapperConfig.FIRE_SAFETY_RENEWAL, value));
  }

  @Test
  @DisplayName("fire safety is renewed yearly unless MAPPER_FIRE_SAFETY_RENEWAL says otherwise")
  void defaultIsOneYear() {
    assertThat(MapperConfig.fromEnv(Map.of()).fireSafetyRenewal()).isEqualTo(Period.ofYears(1));
    assertThat(withRenewal(" ").fireSafetyRenewal()).isEqualTo(Period.ofYears(1));
  }

  @ParameterizedTest
  @ValueSource(strings = {"P1Y", "P12M", "P18M", "P1Y6M", "P2Y", "P24M"})
  @DisplayName("one to two years, in years or months, is accepted")
  void oneToTwoYears(String value) {
    assertThat(withRenewal(value).fireSafetyRenewal()).isEqualTo(Period.parse(value));
  }

  @ParameterizedTest
  @ValueSource(strings = {"P11M", "P6M", "P0D", "P2Y1M", "P3Y", "P25M", "P1Y10D", "P400D", "-P1Y"})
  @DisplayName("a period outside one to two years stops start-up with a message naming the variable and the range")
  void outsideTheRange(String value) {
    assertThatThrownBy(() -> withRenewal(value))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("MAPPER_FIRE_SAFETY_RENEWAL")
        .hasMessageContaining("P1Y to P2Y")
        .hasMessageContaining("got '" + value + "'");
  }

  @ParameterizedTest
  @ValueSource(strings = {"2", "two years", "1Y", "PT24H"})
  @DisplayName("something that is not an ISO 8601 period stops start-up with an example of one")
  void notAPeriod(String value) {
    assertThatThrownBy(() -> withRenewal(value))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("MAPPER_FIRE_SAFETY_RENEWAL must be an ISO 8601 period")
        .hasMessageContaining("P18M")
        .hasMessageContaining("got '" + value + "'");
  }
}
