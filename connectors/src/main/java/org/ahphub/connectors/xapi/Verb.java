package org.ahphub.connectors.xapi;

import io.vertx.core.json.JsonObject;

/** The ADL verbs the connectors emit. */
public enum Verb {
  REGISTERED("registered"),
  ATTENDED("attended"),
  COMPLETED("completed"),
  PASSED("passed"),
  FAILED("failed"),
  SUSPENDED("suspended"),
  TERMINATED("terminated"),
  VOIDED("voided");

  private final String display;

  Verb(String display) {
    this.display = display;
  }

  public String iri() {
    return "http://adlnet.gov/expapi/verbs/" + display;
  }

  public String display() {
    return display;
  }

  public JsonObject json() {
    return new JsonObject().put("id", iri()).put("display", new JsonObject().put("en-US", display));
  }
}
