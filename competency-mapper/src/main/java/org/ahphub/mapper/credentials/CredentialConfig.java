package org.ahphub.mapper.credentials;

import java.util.Map;
import org.ahphub.platform.config.Env;

/**
 * Settings for verifiable credentials.
 *
 * <ul>
 *   <li>{@code HUB_PUBLIC_URL} (http://localhost:8081): the mapper's public base URL, the credential issuer id
 *   <li>{@code HUB_KEY_ENCRYPTION_KEY} (unset): base64 of 32 bytes; encrypts the signing keys at rest
 *       (AES-256-GCM). Unset: a fixed development key is used and a warning logged
 * </ul>
 */
public record CredentialConfig(String publicUrl, String keyEncryptionKey) {

  public static CredentialConfig fromEnv(Map<String, String> variables) {
    Env env = Env.of(variables);
    return new CredentialConfig(
        env.string("HUB_PUBLIC_URL", "http://localhost:8081"),
        env.secret("HUB_KEY_ENCRYPTION_KEY", null));
  }
}
