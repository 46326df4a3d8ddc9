package org.ahphub.sharing.admin;

import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.ahphub.platform.config.Env;
import org.ahphub.platform.db.DatabaseConfig;
import org.ahphub.platform.db.Databases;
import org.ahphub.platform.identity.OrganisationDirectory;
import org.ahphub.platform.identity.OrganisationDirectory.IssuedCredential;
import org.ahphub.platform.identity.PgOrganisationDirectory;
import org.ahphub.platform.identity.Scopes;

/**
 * Administration from the command line, against the PostgreSQL named by the {@code PG*} variables:
 *
 * <pre>
 *   organisations
 *   create-organisation NAME HOME_PAGE [trust|training-provider|e-learning-platform|hub-operator]
 *   issue-credential ORGANISATION_ID SCOPE[,SCOPE...]
 *   rotate-credential KEY
 *   revoke-credential KEY
 * </pre>
 *
 * Secrets are printed once; only their hashes are stored.
 */
public final class AdminCli {

  private AdminCli() {}

  public static void main(String[] args) {
    System.exit(run(args, Env.system(), System.out, System.err));
  }

  static int run(String[] args, Env env, PrintStream out, PrintStream err) {
    if (args.length == 0) {
      err.println("usage: organisations | create-organisation NAME HOME_PAGE [KIND] | issue-credential ORG_ID SCOPES"
          + " | rotate-credential KEY | revoke-credential KEY");
      return 2;
    }
    DatabaseConfig database = DatabaseConfig.fromEnv(env).withPoolSize(2);
    Vertx vertx = Vertx.vertx();
    Pool pool = Databases.pool(vertx, database);
    try {
      Databases.migrate(vertx, database, "identity").await();
      OrganisationDirectory directory = new PgOrganisationDirectory(vertx, pool);
      return execute(directory, args, out, err);
    } catch (RuntimeException e) {
      err.println("failed: " + e.getMessage());
      return 1;
    } finally {
      pool.close().await();
      vertx.close().await();
    }
  }

  private static int execute(OrganisationDirectory directory, String[] args, PrintStream out, PrintStream err) {
    switch (args[0]) {
      case "organisations" -> directory.organisations().await()
          .forEach(o -> out.println(o.id() + "\t" + o.kind() + "\t" + o.name() + "\t" + o.homePage()));
      case "create-organisation" -> {
        require(args, 3);
        String kind = args.length > 3 ? args[3] : "trust";
        if (!OrganisationDirectory.KINDS.contains(kind)) {
          err.println("kind must be one of " + OrganisationDirectory.KINDS);
          return 2;
        }
        var created = directory.create(args[1], args[2], kind).await();
        if (created.isEmpty()) {
          err.println("an organisation named '" + args[1] + "' exists already");
          return 1;
        }
        out.println("organisation " + created.get().id());
      }
      case "issue-credential" -> {
        require(args, 3);
        Set<String> scopes = new LinkedHashSet<>(Arrays.asList(args[2].split(",")));
        List<String> unknown = Scopes.unknown(scopes);
        if (!unknown.isEmpty()) {
          err.println("unknown scopes " + unknown);
          return 2;
        }
        UUID organisation = UUID.fromString(args[1]);
        if (directory.organisation(organisation).await().isEmpty()) {
          err.println("no organisation " + organisation);
          return 1;
        }
        print(directory.issueCredential(organisation, scopes).await(), out);
      }
      case "rotate-credential" -> {
        require(args, 2);
        var rotated = directory.rotate(args[1]).await();
        if (rotated.isEmpty()) {
          err.println("no active credential " + args[1]);
          return 1;
        }
        print(rotated.get(), out);
      }
      case "revoke-credential" -> {
        require(args, 2);
        if (!directory.revoke(args[1]).await()) {
          err.println("no active credential " + args[1]);
          return 1;
        }
        out.println("revoked " + args[1]);
      }
      default -> {
        err.println("unknown command " + args[0]);
        return 2;
      }
    }
    return 0;
  }

  private static void require(String[] args, int count) {
    if (args.length < count) {
      throw new IllegalArgumentException(args[0] + " needs " + (count - 1) + " arguments");
    }
  }

  private static void print(IssuedCredential issued, PrintStream out) {
    out.println("key     " + issued.key());
    out.println("secret  " + issued.secret() + "   (shown once; only its hash is stored)");
    out.println("scopes  " + String.join(",", issued.scopes()));
  }
}
