package org.ahphub.mapper.framework;

import java.util.Optional;

/** The three career stages of the HEE AHP support worker framework, in order of progression. */
public enum Stage {
  ENTRY("entry", "Support worker"),
  INTERMEDIATE("intermediate", "Senior support worker"),
  ASSISTANT_PRACTITIONER("assistant-practitioner", "Assistant practitioner");

  private final String code;
  private final String title;

  Stage(String code, String title) {
    this.code = code;
    this.title = title;
  }

  /** The code used in the framework document and as the last segment of a competency × stage IRI. */
  public String code() {
    return code;
  }

  /** The role title the framework gives this stage. */
  public String title() {
    return title;
  }

  /** The stage with this code, or empty when there is none. */
  public static Optional<Stage> fromCode(String code) {
    for (Stage stage : values()) {
      if (stage.code.equals(code)) {
        return Optional.of(stage);
      }
    }
    return Optional.empty();
  }
}
