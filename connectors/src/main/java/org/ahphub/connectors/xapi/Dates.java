package org.ahphub.connectors.xapi;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Dates as they appear in exports: ISO 8601 ({@code 2024-03-14}, {@code 2024-03-14T09:30},
 * {@code 2024-03-14 09:30:00}, with or without an offset) and UK style ({@code 14/03/2024},
 * {@code 14/03/2024 09:30}, {@code 14/03/2024 09:30:15}; day first, always). A value without an
 * offset is local time in the given zone (Europe/London by default); a date alone means the start
 * of that day there. Impossible dates (31/02/2024) are rejected, never rolled over.
 */
public final class Dates {

  /** Statement timestamps: always seconds and milliseconds, with the offset ({@code Z} for UTC). */
  public static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSXXX");

  private static final Pattern UK = Pattern.compile(
      "(\\d{1,2})/(\\d{1,2})/(\\d{4})(?:[ T](\\d{1,2}):(\\d{2})(?::(\\d{2}))?)?");

  private Dates() {}

  /** The instant written in {@code text}; throws {@link IllegalArgumentException} with a reason. */
  public static OffsetDateTime parse(String text, ZoneId zone) {
    String value = text.strip();
    Matcher uk = UK.matcher(value);
    try {
      if (uk.matches()) {
        LocalDate date = LocalDate.of(Integer.parseInt(uk.group(3)), Integer.parseInt(uk.group(2)),
            Integer.parseInt(uk.group(1)));
        LocalTime time = uk.group(4) == null ? LocalTime.MIDNIGHT : LocalTime.of(
            Integer.parseInt(uk.group(4)), Integer.parseInt(uk.group(5)),
            uk.group(6) == null ? 0 : Integer.parseInt(uk.group(6)));
        return date.atTime(time).atZone(zone).toOffsetDateTime();
      }
      if (value.length() == 10) {
        return LocalDate.parse(value).atStartOfDay(zone).toOffsetDateTime();
      }
      String iso = value.length() > 10 && value.charAt(10) == ' '
          ? value.substring(0, 10) + 'T' + value.substring(11) : value;
      try {
        return OffsetDateTime.parse(iso);
      } catch (DateTimeParseException noOffset) {
        return LocalDateTime.parse(iso).atZone(zone).toOffsetDateTime();
      }
    } catch (DateTimeException | NumberFormatException e) {
      throw new IllegalArgumentException("'" + value + "' is not a date (use 2024-03-14, 14/03/2024 or 14/03/2024 09:30)");
    }
  }

  public static LocalDate parseDate(String text, ZoneId zone) {
    return parse(text, zone).atZoneSameInstant(zone).toLocalDate();
  }

  public static String timestamp(OffsetDateTime time) {
    return TIMESTAMP.format(time);
  }

  public static String timestamp(LocalDate date, ZoneId zone) {
    return TIMESTAMP.format(date.atStartOfDay(zone).toOffsetDateTime());
  }
}
