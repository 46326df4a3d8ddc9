package org.ahphub.sharing.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.ahphub.platform.config.Env;
import org.ahphub.testing.PostgresCoordinates;
import org.ahphub.testing.TestInfrastructure;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class AdminCliIT {

  private record Run(int status, String out, String err) {}

  private static Run run(Env env, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status = AdminCli.run(args, env, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  @DisplayName("the CLI creates an organisation, issues a credential with its secret printed once, rotates and revokes it")
  void lifecycle() {
    PostgresCoordinates db = TestInfrastructure.get().freshDatabase();
    Env env = Env.of(Map.of("PGHOST", db.host(), "PGPORT", String.valueOf(db.port()), "PGDATABASE", db.database(),
        "PGUSER", db.user(), "PGPASSWORD", db.password()));
    Run created = run(env, "create-organisation", "CLI Trust", "https://cli.example.nhs.uk", "trust");
    assertThat(created.status()).isZero();
    String organisation = created.out().trim().split(" ")[1];
    assertThat(run(env, "create-organisation", "CLI Trust", "https://cli.example.nhs.uk").status()).isEqualTo(1);

    assertThat(run(env, "issue-credential", organisation, "passport:read,bogus").err()).contains("bogus");
    Run issued = run(env, "issue-credential", organisation, "passport:read,passport:subscribe");
    assertThat(issued.status()).isZero();
    assertThat(issued.out()).contains("secret").contains("passport:subscribe");
    String key = issued.out().lines().filter(l -> l.startsWith("key")).findFirst().orElseThrow().split("\\s+")[1];

    Run rotated = run(env, "rotate-credential", key);
    assertThat(rotated.status()).isZero();
    assertThat(rotated.out()).isNotEqualTo(issued.out());
    assertThat(run(env, "revoke-credential", key).status()).isZero();
    assertThat(run(env, "rotate-credential", key).status()).isEqualTo(1);
    assertThat(run(env, "organisations").out()).contains("CLI Trust");
  }
}
