package org.ahphub.platform.identity;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/** Every scope a credential may hold: the xAPI scopes and the hub's own. */
public final class Scopes {

  public static final String PASSPORT_READ = "passport:read";
  public static final String PASSPORT_SUBSCRIBE = "passport:subscribe";
  public static final String PERSON_LINK = "person:link";
  public static final String CATALOGUE_WRITE = "catalogue:write";
  public static final String ADMIN = "admin";
  public static final String ALL = "all";

  public static final Set<String> XAPI = Set.of("statements/write", "statements/read", "statements/read/mine",
      "state", "profile", "all/read", ALL);
  public static final Set<String> HUB = Set.of(PASSPORT_READ, PASSPORT_SUBSCRIBE, PERSON_LINK, CATALOGUE_WRITE, ADMIN);

  private Scopes() {}

  /** The scopes that are not known, in the order given; empty when all are valid. */
  public static List<String> unknown(Collection<String> scopes) {
    List<String> unknown = new ArrayList<>();
    for (String scope : scopes) {
      if (!XAPI.contains(scope) && !HUB.contains(scope)) {
        unknown.add(scope);
      }
    }
    return unknown;
  }
}
