package org.ahphub.xapi;

/**
 * The lexical checks the validator makes on every id, IRI and language tag, written out by hand:
 * with regular expressions they were a tenth of the LRS's CPU for a stored statement. Each accepts
 * exactly what its pattern in {@code SyntaxTest} accepts (a randomized test holds them to it).
 */
final class Syntax {

  private Syntax() {
  }

  /** {@code [0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}} */
  static boolean isUuid(String text) {
    if (text.length() != 36) {
      return false;
    }
    for (int i = 0; i < 36; i++) {
      char c = text.charAt(i);
      boolean ok = i == 8 || i == 13 || i == 18 || i == 23 ? c == '-' : isHex(c);
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  /** {@code [0-9a-fA-F]{40}} */
  static boolean isSha1Hex(String text) {
    if (text.length() != 40) {
      return false;
    }
    for (int i = 0; i < 40; i++) {
      if (!isHex(text.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  /** An absolute IRI as the spec can check it: {@code [A-Za-z][A-Za-z0-9+.-]*:\S+}. */
  static boolean isAbsoluteIri(String text) {
    int colon = text.indexOf(':');
    if (colon < 1 || colon == text.length() - 1 || !isAsciiLetter(text.charAt(0))) {
      return false;
    }
    for (int i = 1; i < colon; i++) {
      char c = text.charAt(i);
      if (!isAsciiLetter(c) && !isDigit(c) && c != '+' && c != '.' && c != '-') {
        return false;
      }
    }
    return hasNoWhitespace(text, colon + 1, text.length());
  }

  /** {@code mailto:[^@\s]+@[^@\s]+} */
  static boolean isMailto(String text) {
    if (!text.startsWith("mailto:")) {
      return false;
    }
    int at = text.indexOf('@', 7);
    return at > 7 && at < text.length() - 1 && text.indexOf('@', at + 1) < 0
        && hasNoWhitespace(text, 7, text.length());
  }

  /** An RFC 5646 tag's shape: {@code [A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*}. */
  static boolean isLanguageTag(String text) {
    int length = text.length();
    int i = 0;
    while (i < length && isAsciiLetter(text.charAt(i))) {
      i++;
    }
    if (i == 0 || i > 8) {
      return false;
    }
    while (i < length) {
      if (text.charAt(i) != '-') {
        return false;
      }
      int start = ++i;
      while (i < length && (isAsciiLetter(text.charAt(i)) || isDigit(text.charAt(i)))) {
        i++;
      }
      if (i == start || i - start > 8) {
        return false;
      }
    }
    return true;
  }

  /** No character of {@code \s} (space, tab, line feed, vertical tab, form feed, carriage return). */
  private static boolean hasNoWhitespace(String text, int from, int to) {
    for (int i = from; i < to; i++) {
      char c = text.charAt(i);
      if (c == ' ' || (c >= '\t' && c <= '\r')) {
        return false;
      }
    }
    return true;
  }

  private static boolean isHex(char c) {
    return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static boolean isAsciiLetter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }
}
