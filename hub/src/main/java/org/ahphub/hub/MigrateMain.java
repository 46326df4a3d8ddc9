package org.ahphub.hub;

import java.util.List;
import org.ahphub.connectors.jobs.pg.PgImportJobStore;
import java.util.Map;
import org.ahphub.lrs.LrsServer;
import org.ahphub.mapper.CompetencyMapper;
import org.ahphub.platform.config.Env;
import org.ahphub.platform.db.DatabaseConfig;
import org.ahphub.platform.db.Databases;

/**
 * {@code java -cp ahp-hub.jar org.ahphub.hub.MigrateMain [--check]}: applies every schema migration of this
 * release (schemas {@code identity}, {@code lrs}, {@code mapper}) to the database named by the {@code PG*}
 * variables, then exits: 0 done, 1 failed, 2 configuration error. With {@code --check} it applies nothing and
 * exits 3 when a migration is missing. Run it before starting a new release whose services have
 * {@code HUB_RUN_MIGRATIONS=false}; running it twice changes nothing the second time.
 */
public final class MigrateMain {

  /** Every schema, in the order the services migrate them. */
  public static final List<String> SCHEMAS = List.of("identity", "privacy", LrsServer.SCHEMA, CompetencyMapper.SCHEMA,
      PgImportJobStore.SCHEMA);

  private MigrateMain() {}

  public static void main(String[] args) {
    System.exit(run(args, System.getenv()));
  }

  static int run(String[] args, Map<String, String> environment) {
    boolean checkOnly = List.of(args).contains("--check");
    DatabaseConfig database;
    try {
      database = DatabaseConfig.fromEnv(Env.of(environment));
    } catch (IllegalArgumentException e) {
      System.err.println("migrations not run: " + e.getMessage());
      return 2;
    }
    long started = System.nanoTime();
    for (String schema : SCHEMAS) {
      try {
        if (checkOnly) {
          Databases.checkNow(database, schema);
          System.out.println("schema " + schema + ": up to date");
        } else {
          long schemaStarted = System.nanoTime();
          int applied = Databases.migrateNow(database, schema);
          System.out.printf("schema %s: %d migrations applied in %d ms%n", schema, applied,
              (System.nanoTime() - schemaStarted) / 1_000_000);
        }
      } catch (Databases.SchemaNotMigrated e) {
        System.err.println(e.getMessage());
        return 3;
      } catch (RuntimeException e) {
        System.err.println("schema " + schema + ": migration failed: " + e.getMessage());
        return 1;
      }
    }
    System.out.printf("%s in %d ms%n", checkOnly ? "checked" : "migrated", (System.nanoTime() - started) / 1_000_000);
    return 0;
  }
}
