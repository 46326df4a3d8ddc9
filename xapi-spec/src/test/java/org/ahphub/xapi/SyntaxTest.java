package org.ahphub.xapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each hand-written check answers exactly as the regular expression it replaced. */
class SyntaxTest {

  static List<Arguments> checks() {
    return List.of(
        Arguments.of("uuid", (Predicate<String>) Syntax::isUuid,
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}",
            List.of("3f2b8c1e-9d4a-4e6b-8a7c-1d2e3f4a5b6c", "00000000-0000-0000-0000-000000000000"),
            "0123456789abcdefABCDEFgG-x "),
        Arguments.of("sha1", (Predicate<String>) Syntax::isSha1Hex, "[0-9a-fA-F]{40}",
            List.of("da39a3ee5e6b4b0d3255bfef95601890afd80709"), "0123456789abcdefABCDEFgG- "),
        Arguments.of("iri", (Predicate<String>) Syntax::isAbsoluteIri, "[A-Za-z][A-Za-z0-9+.-]*:\\S+",
            List.of("http://adlnet.gov/expapi/verbs/completed", "urn:x", "a+b.c-d:e:f"),
            "aZ09+.-:/ \t\n\u000B\f\r\u00A0é@_"),
        Arguments.of("mailto", (Predicate<String>) Syntax::isMailto, "mailto:[^@\\s]+@[^@\\s]+",
            List.of("mailto:sam@example.org", "mailto:a@b"), "mailto:@.ab \t\n\u000B\f\r\u00A0"),
        Arguments.of("language tag", (Predicate<String>) Syntax::isLanguageTag,
            "[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*",
            List.of("en", "en-GB", "zh-Hant-TW", "abcdefgh-12345678", "x-a"), "aZ09-_ é"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("checks")
  @DisplayName("over many near-miss strings, the check and its pattern agree")
  void agreesWithThePattern(String name, Predicate<String> check, String regex, List<String> valid, String alphabet) {
    Pattern pattern = Pattern.compile(regex);
    Random random = new Random(name.hashCode());
    int accepted = 0;
    int rejected = 0;
    for (int i = 0; i < 100_000; i++) {
      String candidate = nearMiss(valid.get(random.nextInt(valid.size())), alphabet, random);
      boolean expected = pattern.matcher(candidate).matches();
      assertThat(check.test(candidate)).as("%s: %s", name, candidate).isEqualTo(expected);
      if (expected) {
        accepted++;
      } else {
        rejected++;
      }
    }
    assertThat(accepted).as("valid strings among the near misses").isGreaterThan(1_000);
    assertThat(rejected).as("invalid strings among the near misses").isGreaterThan(1_000);
  }

  /** A valid string with up to three characters replaced, inserted or removed, or cut short. */
  private static String nearMiss(String valid, String alphabet, Random random) {
    StringBuilder text = new StringBuilder(valid);
    for (int changes = random.nextInt(4); changes > 0; changes--) {
      char c = alphabet.charAt(random.nextInt(alphabet.length()));
      int at = random.nextInt(text.length() + 1);
      switch (random.nextInt(3)) {
        case 0 -> text.insert(at, c);
        case 1 -> {
          if (at < text.length()) {
            text.deleteCharAt(at);
          }
        }
        default -> {
          if (at < text.length()) {
            text.setCharAt(at, c);
          }
        }
      }
    }
    return random.nextInt(8) == 0 ? text.substring(0, random.nextInt(text.length() + 1)) : text.toString();
  }
}
