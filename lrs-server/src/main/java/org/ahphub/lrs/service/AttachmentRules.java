package org.ahphub.lrs.service;

import org.ahphub.lrs.store.AttachmentContent;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * xAPI attachment rules for a request: every attachment without a {@code fileUrl} has its content in
 * a part whose hash is its {@code sha2}; every part belongs to an attachment; content matches its hash;
 * signatures are verified ({@link SignedStatements}).
 */
final class AttachmentRules {

  static final String SIGNATURE = "http://adlnet.gov/expapi/attachments/signature";

  private AttachmentRules() {}

  static void check(List<Object> statements, Map<String, AttachmentContent> parts) {
    Set<String> referenced = new HashSet<>();
    for (int i = 0; i < statements.size(); i++) {
      if (!(statements.get(i) instanceof JsonObject statement)
          || !(statement.getValue("attachments") instanceof JsonArray attachments)) {
        continue;
      }
      String path = statements.size() == 1 ? "$" : "$[" + i + "]";
      for (int a = 0; a < attachments.size(); a++) {
        JsonObject attachment = attachments.getJsonObject(a);
        String sha2 = attachment.getString("sha2");
        String at = path + ".attachments[" + a + "]";
        referenced.add(sha2);
        AttachmentContent part = parts.get(sha2);
        if (part == null && !attachment.containsKey("fileUrl")) {
          throw new XapiException.BadRequest("attachment.content.missing", at,
              "attachment " + sha2 + " has no fileUrl and no multipart/mixed part with that X-Experience-API-Hash");
        }
        if (SIGNATURE.equals(attachment.getString("usageType"))) {
          if (!"application/octet-stream".equals(attachment.getString("contentType"))) {
            throw new XapiException.BadRequest("signature.content-type", at + ".contentType",
                "a signature attachment's contentType must be application/octet-stream");
          }
          if (part == null) {
            throw new XapiException.BadRequest("signature.missing", at, "the signature's JWS must be sent as a part");
          }
          SignedStatements.verify(statement, part.content(), at);
        }
      }
    }
    for (AttachmentContent part : parts.values()) {
      if (!referenced.contains(part.sha2())) {
        throw new XapiException.BadRequest("attachment.part.unreferenced", "body",
            "the part with X-Experience-API-Hash " + part.sha2() + " belongs to no attachment of the statements");
      }
      if (!sha256Hex(part.content().getBytes()).equalsIgnoreCase(part.sha2())) {
        throw new XapiException.BadRequest("attachment.sha2.mismatch", "body",
            "the content of part " + part.sha2() + " does not have that SHA-256");
      }
    }
  }

  static String sha256Hex(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
