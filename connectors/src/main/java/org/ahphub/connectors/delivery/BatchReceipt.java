package org.ahphub.connectors.delivery;

import java.util.List;
import java.util.OptionalInt;

/**
 * The LRS's answer to a delivered batch: the statement ids it returned, how many were newly stored
 * ({@code X-Hub-Statements-Stored}; empty when the LRS did not say), and the attempts it took.
 */
public record BatchReceipt(List<String> ids, OptionalInt stored, int attempts) {

  public BatchReceipt {
    ids = List.copyOf(ids);
  }
}
