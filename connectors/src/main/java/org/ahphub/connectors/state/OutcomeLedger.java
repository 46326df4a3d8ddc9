package org.ahphub.connectors.state;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.ahphub.connectors.translate.OutcomeChange;
import org.ahphub.connectors.translate.OutcomeHistory;

/**
 * The outcomes imported before, per key (a hash of the learning aim): only the changes, oldest
 * first, each with the record that made it. Small — one or two entries per aim with an outcome.
 * Not thread-safe: one import uses it at a time.
 */
public final class OutcomeLedger implements OutcomeHistory {

  private final Map<String, List<Entry>> entries = new HashMap<>();
  private boolean dirty;

  @Override
  public List<Entry> history(String key) {
    return List.copyOf(entries.getOrDefault(key, List.of()));
  }

  public void apply(OutcomeChange change) {
    entries.computeIfAbsent(change.key(), k -> new ArrayList<>()).add(new Entry(change.origin(), change.outcome()));
    dirty = true;
  }

  public boolean dirty() {
    return dirty;
  }

  public void clean() {
    dirty = false;
  }

  public int size() {
    return entries.size();
  }

  public JsonObject json() {
    JsonObject aims = new JsonObject();
    entries.forEach((key, list) -> {
      JsonArray array = new JsonArray();
      list.forEach(e -> array.add(new JsonObject().put("origin", e.origin()).put("outcome", e.outcome())));
      aims.put(key, array);
    });
    return new JsonObject().put("version", 1).put("aims", aims);
  }

  public static OutcomeLedger fromJson(JsonObject json) {
    OutcomeLedger ledger = new OutcomeLedger();
    JsonObject aims = json.getJsonObject("aims", new JsonObject());
    for (String key : aims.fieldNames()) {
      List<Entry> list = new ArrayList<>();
      aims.getJsonArray(key).forEach(o -> {
        JsonObject e = (JsonObject) o;
        list.add(new Entry(e.getString("origin"), e.getString("outcome")));
      });
      ledger.entries.put(key, list);
    }
    return ledger;
  }
}
