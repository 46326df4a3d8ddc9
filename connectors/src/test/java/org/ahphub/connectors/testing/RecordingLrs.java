package org.ahphub.connectors.testing;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.ahphub.connectors.delivery.BatchReceipt;
import org.ahphub.connectors.delivery.DeliveryException;
import org.ahphub.connectors.delivery.LrsClient;

/** An in-memory LRS client: keeps what was posted, in order; can be told to fail on a batch. */
public final class RecordingLrs implements LrsClient {

  public final Map<String, JsonObject> stored = new LinkedHashMap<>();
  public final List<List<JsonObject>> batches = new ArrayList<>();
  private int failOnBatch = -1;

  /** The n-th call (1-based) fails as a refused batch. */
  public RecordingLrs failOnBatch(int n) {
    failOnBatch = n;
    return this;
  }

  @Override
  public BatchReceipt post(List<JsonObject> statements) throws DeliveryException {
    if (batches.size() + 1 == failOnBatch) {
      failOnBatch = -1;
      throw new DeliveryException("LRS unreachable (test)", 503, 5, null);
    }
    batches.add(List.copyOf(statements));
    int fresh = 0;
    for (JsonObject s : statements) {
      JsonObject known = stored.get(s.getString("id"));
      if (known != null && !known.equals(s)) {
        throw new DeliveryException("conflict on " + s.getString("id"), 409, 1, null);
      }
      if (known == null) {
        stored.put(s.getString("id"), s);
        fresh++;
      }
    }
    return new BatchReceipt(statements.stream().map(s -> s.getString("id")).toList(), OptionalInt.of(fresh), 1);
  }

  public List<JsonObject> all() {
    return batches.stream().flatMap(List::stream).toList();
  }

  public List<JsonObject> withVerb(String verb) {
    return all().stream().filter(s -> s.getJsonObject("verb").getString("id").endsWith("/" + verb)).toList();
  }
}
