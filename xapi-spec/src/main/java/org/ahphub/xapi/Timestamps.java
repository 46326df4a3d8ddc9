package org.ahphub.xapi;

import java.time.Year;

/**
 * The common shape of an xAPI timestamp checked by hand: {@code YYYY-MM-DDTHH:MM:SS}, an optional
 * fraction of 1 to 9 digits, then {@code Z} or {@code ±HH:MM}. Parsing with java.time was a tenth of
 * the CPU a stored statement cost; every timestamp this does not vouch for is still parsed by it.
 */
final class Timestamps {

  private Timestamps() {}

  /**
   * True only for a valid date and time of the common shape (which {@code OffsetDateTime.parse}
   * accepts), with an offset other than {@code -00:00}; false means: decide with java.time.
   */
  static boolean isCommonAndValid(String text) {
    int length = text.length();
    if (length < 20 || text.charAt(4) != '-' || text.charAt(7) != '-' || text.charAt(10) != 'T'
        || text.charAt(13) != ':' || text.charAt(16) != ':') {
      return false;
    }
    int year = digits(text, 0, 4);
    int month = digits(text, 5, 2);
    int day = digits(text, 8, 2);
    int hour = digits(text, 11, 2);
    int minute = digits(text, 14, 2);
    int second = digits(text, 17, 2);
    if (year < 0 || month < 1 || month > 12 || day < 1 || day > lengthOfMonth(year, month)
        || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) {
      return false;
    }
    int offset = 19;
    if (text.charAt(offset) == '.') {
      int fractionEnd = offset + 1;
      while (fractionEnd < length && isDigit(text.charAt(fractionEnd))) {
        fractionEnd++;
      }
      int fractionDigits = fractionEnd - offset - 1;
      if (fractionDigits < 1 || fractionDigits > 9) {
        return false;
      }
      offset = fractionEnd;
    }
    return isOffset(text, offset);
  }

  private static boolean isOffset(String text, int at) {
    int length = text.length();
    if (at == length - 1) {
      return text.charAt(at) == 'Z';
    }
    if (at != length - 6 || text.charAt(at + 3) != ':') {
      return false;
    }
    char sign = text.charAt(at);
    int hours = digits(text, at + 1, 2);
    int minutes = digits(text, at + 4, 2);
    if ((sign != '+' && sign != '-') || hours < 0 || minutes < 0 || minutes > 59 || hours * 60 + minutes > 18 * 60) {
      return false;
    }
    return !(sign == '-' && hours == 0 && minutes == 0);
  }

  private static int lengthOfMonth(int year, int month) {
    return switch (month) {
      case 2 -> Year.isLeap(year) ? 29 : 28;
      case 4, 6, 9, 11 -> 30;
      default -> 31;
    };
  }

  /** The number written by {@code count} ASCII digits from {@code from}, or -1. */
  private static int digits(String text, int from, int count) {
    int value = 0;
    for (int i = from; i < from + count; i++) {
      char c = text.charAt(i);
      if (!isDigit(c)) {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }
}
