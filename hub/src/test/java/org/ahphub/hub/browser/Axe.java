package org.ahphub.hub.browser;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Deque's axe-core accessibility engine run in the page: the {@code axe.min.js} bundled in
 * {@code com.deque.html.axe-core:selenium}, injected into the current page and run against the whole document
 * with the WCAG 2.0, 2.1 and 2.2 A and AA rules and axe's best practices.
 */
final class Axe {

  static final List<String> TAGS = List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice");
  private static final String SCRIPT = load();

  private Axe() {}

  private static String load() {
    try (InputStream in = Axe.class.getClassLoader().getResourceAsStream("axe.min.js")) {
      if (in == null) {
        throw new IllegalStateException("axe.min.js is not on the test classpath (com.deque.html.axe-core:selenium)");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The version of axe-core that runs. */
  static String version(Browser browser) {
    inject(browser);
    return String.valueOf(browser.js("return axe.version;"));
  }

  /** Each violation as "rule-id (impact): help — the first few targets"; empty when there are none. */
  static List<String> violations(Browser browser) {
    inject(browser);
    Object result = browser.driver.executeAsyncScript(String.join("\n",
        "const done = arguments[arguments.length - 1];",
        "axe.run(document, { runOnly: { type: 'tag', values: arguments[0] }, resultTypes: ['violations'] })",
        "  .then(r => done(r.violations.map(v => v.id + ' (' + v.impact + '): ' + v.help + ' — '",
        "    + v.nodes.slice(0, 5).map(n => n.target.join(' ')).join(' | '))))",
        "  .catch(e => done(['axe failed: ' + e]));"), TAGS);
    List<String> violations = new ArrayList<>();
    if (result instanceof List<?> list) {
      list.forEach(v -> violations.add(String.valueOf(v)));
    }
    return violations;
  }

  private static void inject(Browser browser) {
    if (!Boolean.TRUE.equals(browser.js("return typeof window.axe === 'object';"))) {
      browser.js(SCRIPT);
    }
  }
}
