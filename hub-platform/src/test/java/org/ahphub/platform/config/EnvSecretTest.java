package org.ahphub.platform.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Secrets from the environment or from the file named by {@code <NAME>_FILE}. */
class EnvSecretTest {

  @TempDir
  Path directory;

  @Test
  @DisplayName("a secret set directly is read as it is")
  void direct() {
    assertThat(Env.of(Map.of("PGPASSWORD", "s3cret")).secret("PGPASSWORD", "")).isEqualTo("s3cret");
  }

  @Test
  @DisplayName("a secret in the file named by <NAME>_FILE is read without its trailing line break")
  void fromFile() throws IOException {
    Path file = Files.writeString(directory.resolve("pgpassword"), "from a file \n");
    assertThat(Env.of(Map.of("PGPASSWORD_FILE", file.toString())).secret("PGPASSWORD", ""))
        .isEqualTo("from a file ");
  }

  @Test
  @DisplayName("neither set: the default")
  void neither() {
    assertThat(Env.of(Map.of()).secret("PGPASSWORD", "fallback")).isEqualTo("fallback");
    assertThat(Env.of(Map.of()).isSet("PGPASSWORD")).isFalse();
  }

  @Test
  @DisplayName("both <NAME> and <NAME>_FILE set: a clear error, never a silent choice")
  void both() throws IOException {
    Path file = Files.writeString(directory.resolve("key"), "other");
    assertThatThrownBy(() -> Env.of(Map.of("HUB_KEY_ENCRYPTION_KEY", "abc",
        "HUB_KEY_ENCRYPTION_KEY_FILE", file.toString())).secret("HUB_KEY_ENCRYPTION_KEY", null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("HUB_KEY_ENCRYPTION_KEY and HUB_KEY_ENCRYPTION_KEY_FILE are both set");
  }

  @Test
  @DisplayName("a file that cannot be read: an error naming the variable and the path, not the content")
  void unreadable() {
    Path missing = directory.resolve("missing");
    assertThatThrownBy(() -> Env.of(Map.of("OIDC_CLIENT_SECRET_FILE", missing.toString()))
        .secret("OIDC_CLIENT_SECRET", ""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("OIDC_CLIENT_SECRET_FILE names " + missing);
  }

  @Test
  @DisplayName("isSet sees a secret given through its file")
  void isSetThroughFile() {
    assertThat(Env.of(Map.of("HUB_DEV_CREDENTIAL_FILE", "/run/secrets/dev")).isSet("HUB_DEV_CREDENTIAL")).isTrue();
  }
}
