package org.ahphub.platform.identity;

import io.vertx.core.json.JsonObject;
import java.util.Set;
import java.util.UUID;

/** The organisation credential a request was authenticated with, and what it may do. */
public record Principal(String credentialKey, UUID organisationId, String organisationName, String homePage,
    Set<String> scopes) {

  public boolean hasAnyScope(String... wanted) {
    for (String scope : wanted) {
      if (scopes.contains(scope)) {
        return true;
      }
    }
    return false;
  }

  /** The xAPI authority the LRS stamps on statements stored with this credential. */
  public JsonObject authority() {
    return new JsonObject()
        .put("objectType", "Agent")
        .put("name", organisationName)
        .put("account", new JsonObject().put("homePage", homePage).put("name", credentialKey));
  }
}
