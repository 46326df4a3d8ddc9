package org.ahphub.connectors.translate;

import java.util.List;

/**
 * Read-only view of the outcomes imported earlier, per key, oldest first: each entry is a change
 * (the record that set it, and the outcome then standing, {@code null} when none). Sources that
 * correct earlier outcomes read it to name the statement they must void.
 */
public interface OutcomeHistory {

  record Entry(String origin, String outcome) {}

  List<Entry> history(String key);

  static OutcomeHistory none() {
    return key -> List.of();
  }
}
