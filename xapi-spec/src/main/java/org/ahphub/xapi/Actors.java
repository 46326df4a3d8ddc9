package org.ahphub.xapi;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Canonical identity keys for xAPI actors. An mbox is keyed by its SHA-1 sum so that an
 * {@code mbox} and the matching {@code mbox_sha1sum} name the same learner, and so that keys
 * (Kafka keys, index rows, logs) never carry an e-mail address.
 */
public final class Actors {

  /** An Agent's inverse functional identifier properties, in the order the spec lists them. */
  public static final List<String> IDENTIFIER_PROPERTIES = List.of("mbox", "mbox_sha1sum", "openid", "account");

  private Actors() {}

  /** The key of an Agent's or identified Group's inverse functional identifier. */
  public static Optional<String> identifierKey(JsonObject actor) {
    if (actor == null) {
      return Optional.empty();
    }
    if (actor.getValue("mbox") instanceof String mbox) {
      return Optional.of("mbox_sha1sum:" + sha1Hex(mbox));
    }
    if (actor.getValue("mbox_sha1sum") instanceof String sum) {
      return Optional.of("mbox_sha1sum:" + sum.toLowerCase());
    }
    if (actor.getValue("openid") instanceof String openid) {
      return Optional.of("openid:" + openid);
    }
    if (actor.getValue("account") instanceof JsonObject account) {
      return Optional.of("account:" + account.getString("homePage") + "|" + account.getString("name"));
    }
    return Optional.empty();
  }

  /**
   * The inverse functional identifier an {@link #identifierKey} stands for, as an xAPI Agent fragment
   * ({@code {"openid": …}}, {@code {"account": {"homePage": …, "name": …}}}); an mbox comes back as its
   * {@code mbox_sha1sum}, the only form the key keeps. An account key is split at its first {@code |}:
   * an IRI cannot contain one, a name can. {@code identifierKey(identifier(key))} is {@code key}.
   *
   * @throws IllegalArgumentException when the text is not an identifier key
   */
  public static JsonObject identifier(String key) {
    int colon = key.indexOf(':');
    String kind = colon < 0 ? "" : key.substring(0, colon);
    String value = key.substring(colon + 1);
    switch (kind) {
      case "mbox_sha1sum", "openid" -> {
        return new JsonObject().put(kind, value);
      }
      case "account" -> {
        int bar = value.indexOf('|');
        if (bar < 0) {
          throw new IllegalArgumentException("an account identifier key needs home page|name");
        }
        return new JsonObject().put("account",
            new JsonObject().put("homePage", value.substring(0, bar)).put("name", value.substring(bar + 1)));
      }
      default -> throw new IllegalArgumentException("not an identifier key: its kind is '" + kind + "'");
    }
  }

  /**
   * The learner a statement is about: its actor, or for an anonymous Group its first member.
   * Used as the Kafka key so one learner's events keep their order.
   */
  public static String learnerKey(JsonObject statement) {
    JsonObject actor = statement.getJsonObject("actor");
    return identifierKey(actor)
        .or(() -> firstMember(actor).flatMap(Actors::identifierKey))
        .orElseThrow(() -> new IllegalArgumentException("statement actor has no identifier"));
  }

  private static Optional<JsonObject> firstMember(JsonObject group) {
    JsonArray members = group == null ? null : group.getJsonArray("member");
    return members == null || members.isEmpty() ? Optional.empty() : Optional.of(members.getJsonObject(0));
  }

  /**
   * Whether two account home pages name the same system: compared case-insensitively, trailing slashes aside
   * (how an organisation's own home page is matched against the accounts it asserts). False when either is null.
   */
  public static boolean sameHomePage(String a, String b) {
    return a != null && b != null && a.replaceAll("/+$", "").equalsIgnoreCase(b.replaceAll("/+$", ""));
  }

  /** Lower-case hex SHA-1 of the text, as xAPI's mbox_sha1sum defines it. */
  public static String sha1Hex(String text) {
    try {
      MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
      return HexFormat.of().formatHex(sha1.digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-1", e);
    }
  }
}
