package org.ahphub.platform.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Set;
import org.ahphub.platform.db.DatabaseConfig;
import org.ahphub.platform.db.Databases;
import org.ahphub.testing.PostgresCoordinates;
import org.ahphub.testing.TestInfrastructure;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The credential table on the embedded PostgreSQL: bootstrap credentials and input it cannot store. */
class PgCredentialStoreIT {

  private final Vertx vertx = Vertx.vertx();
  private Pool pool;
  private PgCredentialStore store;

  @BeforeEach
  void migrate() {
    PostgresCoordinates db = TestInfrastructure.get().freshDatabase();
    DatabaseConfig config = new DatabaseConfig(db.host(), db.port(), db.database(), db.user(), db.password(), 2);
    Databases.migrate(vertx, config, "identity").await();
    pool = Databases.pool(vertx, config);
    store = new PgCredentialStore(vertx, pool);
  }

  @AfterEach
  void close() {
    vertx.close().await();
  }

  private boolean works(String key, String secret) {
    BasicAuthenticator fresh = new BasicAuthenticator(vertx, store, AuthSettings.defaults());
    String header = "Basic " + Base64.getEncoder().encodeToString((key + ":" + secret).getBytes(StandardCharsets.UTF_8));
    return fresh.authenticate(header).map(p -> true).otherwise(false).await();
  }

  @Test
  @DisplayName("ensuring a credential with a new secret replaces the old secret; the old one stops working")
  void ensureReplacesTheSecret() {
    store.ensure("Development Trust", "https://dev.example", "dev", "first-secret", Set.of("all", "admin")).await();
    assertThat(works("dev", "first-secret")).isTrue();

    store.ensure("Development Trust", "https://dev.example", "dev", "first-secret", Set.of("all", "admin")).await();
    assertThat(works("dev", "first-secret")).as("unchanged secret still works").isTrue();

    store.ensure("Development Trust", "https://dev.example", "dev", "second-secret", Set.of("all", "admin")).await();
    assertThat(works("dev", "first-secret")).isFalse();
    assertThat(works("dev", "second-secret")).isTrue();
  }

  @Test
  @DisplayName("ensuring never takes over another organisation's key, nor revives a revoked one")
  void ensureLeavesOthersAlone() {
    store.ensure("Trust A", "https://a.example", "shared", "a-secret", Set.of("all")).await();
    store.ensure("Trust B", "https://b.example", "shared", "b-secret", Set.of("all")).await();
    assertThat(works("shared", "a-secret")).isTrue();
    assertThat(works("shared", "b-secret")).isFalse();

    new PgOrganisationDirectory(vertx, pool).revoke("shared").await();
    store.ensure("Trust A", "https://a.example", "shared", "new-secret", Set.of("all")).await();
    assertThat(works("shared", "new-secret")).isFalse();
    assertThat(works("shared", "a-secret")).isFalse();
  }

  @Test
  @DisplayName("a key with a NUL is simply not found (PostgreSQL would refuse it), and is never stored")
  void nulIsNotLookedUp() {
    assertThat(store.find("dev\u0000").await()).isEmpty();
    assertThatThrownBy(() -> store.ensure("Trust A", "https://a.example", "k\u0000", "s", Set.of("all")).await())
        .hasMessageContaining("control character");
  }
}
