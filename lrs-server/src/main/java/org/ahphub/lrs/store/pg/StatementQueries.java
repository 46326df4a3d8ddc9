package org.ahphub.lrs.store.pg;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.ahphub.platform.db.SqlResources;

/**
 * The statements list queries, made from the one template in {@code sql/lrs/query-statements.sql} when
 * the class loads: one query per driver (the index that drives the scan) and paging direction. A
 * template or driver the file does not hold fails at start-up.
 */
final class StatementQueries {

  /** Which index drives the scan; see the template for each one's rows. */
  enum Driver { ALL, REGISTRATION, AGENT, RELATED_AGENT, VERB_ACTIVITY, ACTIVITY, VERB, REFS }

  private static final Pattern DRIVER = Pattern.compile("^-- driver (\\w+) covers \\[([\\w, ]*)]$");
  private static final Pattern PROPERTY = Pattern.compile("^--   (\\w+): (.+)$");
  private static final Pattern UNLESS = Pattern.compile("\\s*-- unless (\\w+)$");

  private final Map<Driver, String> ascending = new EnumMap<>(Driver.class);
  private final Map<Driver, String> descending = new EnumMap<>(Driver.class);

  private StatementQueries(String resource) {
    String text = SqlResources.load(resource);
    int drivers = text.indexOf("\n-- driver ");
    if (drivers < 0) {
      throw new IllegalStateException(resource + " lists no drivers");
    }
    String template = text.substring(0, drivers);
    Map<String, Map<String, String>> properties = new LinkedHashMap<>();
    Map<String, Set<String>> covers = new LinkedHashMap<>();
    String current = null;
    for (String line : text.substring(drivers + 1).split("\n")) {
      Matcher driver = DRIVER.matcher(line.strip());
      Matcher property = PROPERTY.matcher(line.stripTrailing());
      if (driver.matches()) {
        current = driver.group(1);
        properties.put(current, new LinkedHashMap<>());
        covers.put(current, List.of(driver.group(2).split(",")).stream().map(String::strip)
            .filter(s -> !s.isEmpty()).collect(Collectors.toSet()));
      } else if (property.matches() && current != null) {
        properties.get(current).put(property.group(1), property.group(2).strip());
      }
    }
    for (Driver driver : Driver.values()) {
      String name = driver.name().toLowerCase(Locale.ROOT);
      Map<String, String> p = properties.get(name);
      if (p == null || !p.containsKey("from") || !p.containsKey("drive")) {
        throw new IllegalStateException(resource + " has no driver " + name + " with from and drive");
      }
      String sql = instantiate(template, covers.get(name))
          .replace("{distinct}", p.getOrDefault("distinct", ""))
          .replace("{from}", p.get("from"))
          .replace("{drive}", p.get("drive"))
          .replace("{seq}", p.getOrDefault("seq", "s.seq"))
          .replace("{t}", p.getOrDefault("target", "s"));
      ascending.put(driver, sql.replace("{order}", "ASC").replace("{after}", ">"));
      descending.put(driver, sql.replace("{order}", "DESC").replace("{after}", "<"));
    }
  }

  static StatementQueries load(String resource) {
    return new StatementQueries(resource);
  }

  String of(Driver driver, boolean ascendingOrder) {
    return (ascendingOrder ? ascending : descending).get(driver);
  }

  /** The template without its comment lines, the filter lines this driver covers and their tags. */
  private static String instantiate(String template, Set<String> covered) {
    StringBuilder sql = new StringBuilder();
    for (String line : template.split("\n")) {
      if (line.startsWith("--")) {
        continue;
      }
      Matcher unless = UNLESS.matcher(line);
      if (unless.find()) {
        if (covered.contains(unless.group(1))) {
          continue;
        }
        line = line.substring(0, unless.start());
      }
      sql.append(line).append('\n');
    }
    return sql.toString();
  }
}
