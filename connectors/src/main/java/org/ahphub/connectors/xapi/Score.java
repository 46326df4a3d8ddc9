package org.ahphub.connectors.xapi;

import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.math.MathContext;

/**
 * A percentage score, read from {@code "85"}, {@code "85%"} or {@code "0.85"}. A value with a
 * decimal point between 0 and 1 is a fraction ({@code "0.85"}, {@code "1.0"}); anything else is a
 * percentage from 0 to 100 ({@code "1"} is 1%). Becomes {@code result.score} with scaled 0..1 and
 * raw, min 0, max 100.
 */
public record Score(BigDecimal percent) {

  private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

  /** Throws {@link IllegalArgumentException} with a reason when the text is not a score. */
  public static Score parse(String text) {
    String value = text.strip();
    boolean percentSign = value.endsWith("%");
    if (percentSign) {
      value = value.substring(0, value.length() - 1).strip();
    }
    BigDecimal number;
    try {
      number = new BigDecimal(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("score '" + text.strip() + "' is not a number or percentage");
    }
    boolean fraction = !percentSign && value.contains(".")
        && number.compareTo(BigDecimal.ZERO) >= 0 && number.compareTo(BigDecimal.ONE) <= 0;
    BigDecimal percent = fraction ? number.multiply(HUNDRED) : number;
    if (percent.compareTo(BigDecimal.ZERO) < 0 || percent.compareTo(HUNDRED) > 0) {
      throw new IllegalArgumentException("score '" + text.strip() + "' is outside 0 to 100%");
    }
    return new Score(percent.stripTrailingZeros());
  }

  public JsonObject json() {
    BigDecimal scaled = percent.divide(HUNDRED, MathContext.DECIMAL64).stripTrailingZeros();
    return new JsonObject()
        .put("scaled", number(scaled))
        .put("raw", number(percent))
        .put("min", 0)
        .put("max", 100);
  }

  private static Number number(BigDecimal value) {
    if (value.signum() == 0) {
      return 0;
    }
    if (value.scale() <= 0) {
      return value.intValueExact();
    }
    return value.doubleValue();
  }
}
