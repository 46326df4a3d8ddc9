package org.ahphub.xapi;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the hub can store and read back: JSON nested at most {@link #MAX_DEPTH} deep, and text without
 * U+0000 or unpaired UTF-16 surrogates (PostgreSQL stores neither in text or jsonb). The one place that
 * decides it, for statement bodies (through {@link StatementValidator}) and for query parameters.
 */
public final class StorableJson {

  /**
   * The deepest nesting of objects and arrays a statement may have, the statement itself counting 1.
   * A real statement needs about 10; extensions get the rest. Deeper JSON costs a recursive walk per
   * level on every read, and past the JSON parser's own limit (1,000) it could not be read back at all.
   */
  public static final int MAX_DEPTH = 64;

  public static final String RULE_DEPTH = "statement.depth";
  public static final String RULE_STORABLE = "statement.storable";

  private StorableJson() {}

  /** Why this text cannot be stored, or empty when it can. */
  public static Optional<String> textProblem(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\u0000') {
        return Optional.of("contains the character U+0000, which cannot be stored");
      }
      if (Character.isHighSurrogate(c)) {
        if (i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
          i++;
        } else {
          return Optional.of("contains an unpaired UTF-16 surrogate, which is not a Unicode character");
        }
      } else if (Character.isLowSurrogate(c)) {
        return Optional.of("contains an unpaired UTF-16 surrogate, which is not a Unicode character");
      }
    }
    return Optional.empty();
  }

  /** A query parameter that cannot be stored: its name, whether the name itself is the problem, and why. */
  public record UnstorableParameter(String name, boolean inName, String problem) {

    /** The parameter to name in an error: its name, or "a parameter name" when the name cannot be shown. */
    public String where() {
      return inName ? "a parameter name" : name;
    }
  }

  /** The first parameter, in order, whose name or value cannot be stored; the one check every service makes. */
  public static Optional<UnstorableParameter> firstUnstorable(Iterable<Map.Entry<String, String>> parameters) {
    for (Map.Entry<String, String> parameter : parameters) {
      Optional<String> inName = textProblem(parameter.getKey());
      Optional<String> problem = inName.or(() -> textProblem(parameter.getValue()));
      if (problem.isPresent()) {
        return Optional.of(new UnstorableParameter(parameter.getKey(), inName.isPresent(), problem.get()));
      }
    }
    return Optional.empty();
  }

  /**
   * The first problem in a decoded JSON value, with its JSON path under {@code path}: nesting deeper than
   * {@link #MAX_DEPTH}, or a key or string that cannot be stored. Iterative, so any depth is safe to check.
   */
  public static Optional<Violation> check(Object json, String path) {
    Deque<Node> pending = new ArrayDeque<>();
    pending.push(new Node(json, path, 1));
    while (!pending.isEmpty()) {
      Node node = pending.pop();
      Object value = node.value;
      if (value instanceof JsonObject object) {
        value = object.getMap();
      } else if (value instanceof JsonArray array) {
        value = array.getList();
      }
      if ((value instanceof Map || value instanceof List) && node.depth > MAX_DEPTH) {
        return Optional.of(new Violation(RULE_DEPTH, node.path,
            "JSON is nested more than " + MAX_DEPTH + " levels deep"));
      }
      if (value instanceof Map<?, ?> map) {
        List<Map.Entry<?, ?>> entries = List.copyOf(map.entrySet());
        for (int i = entries.size() - 1; i >= 0; i--) {
          String key = String.valueOf(entries.get(i).getKey());
          Optional<String> problem = textProblem(key);
          if (problem.isPresent()) {
            return Optional.of(new Violation(RULE_STORABLE, node.path, "a property name " + problem.get()));
          }
          pending.push(new Node(entries.get(i).getValue(), node.path + "." + key, node.depth + 1));
        }
      } else if (value instanceof List<?> list) {
        for (int i = list.size() - 1; i >= 0; i--) {
          pending.push(new Node(list.get(i), node.path + "[" + i + "]", node.depth + 1));
        }
      } else if (value instanceof String text) {
        Optional<String> problem = textProblem(text);
        if (problem.isPresent()) {
          return Optional.of(new Violation(RULE_STORABLE, node.path, "the value " + problem.get()));
        }
      }
    }
    return Optional.empty();
  }

  private record Node(Object value, String path, int depth) {}
}
