package org.ahphub.connectors.delivery;

import io.vertx.core.json.JsonObject;
import java.util.List;

/** Delivers a batch of statements to the LRS, blocking until it is stored or cannot be. */
public interface LrsClient {

  BatchReceipt post(List<JsonObject> statements) throws DeliveryException;
}
