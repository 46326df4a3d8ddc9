package org.ahphub.connectors.input;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The columns of one source: which are required, which spellings are accepted, and groups of
 * which at least one must be present (e-LfH: learner id or e-mail).
 */
public final class Schema {

  private final List<Field> fields;
  private final List<List<String>> anyOf;

  private Schema(List<Field> fields, List<List<String>> anyOf) {
    this.fields = List.copyOf(fields);
    this.anyOf = List.copyOf(anyOf);
  }

  public static Schema of(Field... fields) {
    return new Schema(List.of(fields), List.of());
  }

  /** A schema that also needs at least one of the named (optional) fields in the header. */
  public Schema requireAnyOf(String... names) {
    List<List<String>> groups = new ArrayList<>(anyOf);
    groups.add(List.of(names));
    return new Schema(fields, groups);
  }

  public List<Field> fields() {
    return fields;
  }

  public Optional<Field> field(String key) {
    return fields.stream().filter(f -> f.matches(key)).findFirst();
  }

  /**
   * Maps header positions to fields. Unknown columns are ignored; every missing required column and
   * every field named by two columns is reported at once.
   */
  public Map<String, Integer> bind(List<String> header) throws InputException {
    Map<String, Integer> columns = new LinkedHashMap<>();
    List<String> problems = new ArrayList<>();
    for (int i = 0; i < header.size(); i++) {
      int column = i;
      field(header.get(i).trim()).ifPresent(f -> {
        Integer previous = columns.putIfAbsent(f.name(), column);
        if (previous != null) {
          problems.add("columns " + (previous + 1) + " and " + (column + 1) + " are both '" + f.name() + "'");
        }
      });
    }
    for (Field f : fields) {
      if (f.required() && !columns.containsKey(f.name())) {
        problems.add("the header has no '" + f.name() + "' column (accepted names: "
            + String.join(", ", names(f)) + ")");
      }
    }
    for (List<String> group : anyOf) {
      if (group.stream().noneMatch(columns::containsKey)) {
        problems.add("the header needs at least one of the columns " + String.join(", ", group));
      }
    }
    if (!problems.isEmpty()) {
      throw new InputException(problems);
    }
    return columns;
  }

  private static List<String> names(Field f) {
    List<String> names = new ArrayList<>();
    names.add(f.name());
    names.addAll(f.aliases());
    return names;
  }
}
