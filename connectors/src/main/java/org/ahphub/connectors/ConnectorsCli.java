package org.ahphub.connectors;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.ahphub.connectors.apprenticeship.ApprenticeshipTranslator;
import org.ahphub.connectors.delivery.HttpLrsClient;
import org.ahphub.connectors.delivery.RetryPolicy;
import org.ahphub.connectors.elfh.ElfhTranslator;
import org.ahphub.connectors.input.InputException;
import org.ahphub.connectors.local.LocalTrainingTranslator;
import org.ahphub.connectors.pipeline.ImportInput;
import org.ahphub.connectors.pipeline.ImportPipeline;
import org.ahphub.connectors.pipeline.ImportSummary;
import org.ahphub.connectors.pipeline.InputFormat;
import org.ahphub.connectors.pipeline.Reject;
import org.ahphub.connectors.pipeline.RejectsFile;
import org.ahphub.connectors.pipeline.Sources;
import org.ahphub.connectors.state.FileCheckpointStore;

/**
 * {@code connectors import elfh|apprenticeship|local FILE [options]}: imports one file into the LRS.
 * Progress goes to stderr, the summary to stdout. Exit codes: 0 every row imported, 2 some rows
 * rejected (see the rejects file), 1 the import could not be delivered or the input not read,
 * 64 a usage or configuration error.
 */
public final class ConnectorsCli {

  public static final int EXIT_USAGE = 64;

  static final String USAGE = """
      usage: connectors import elfh|apprenticeship|local FILE [options]

        --mapping FILE        elfh: course id -> CSTF / Care Certificate table (replaces the default)
                              local: session code -> activity and competencies (CSV or JSON; required)
        --home-page URL       account homePage of learners (apprenticeship: default https://www.gov.uk/uln;
                              local: the trust's, required)
        --activity-base URL   elfh: course activity IRI base (default https://www.e-lfh.org.uk/programmes/)
        --format csv|json     input format (default: by extension, else by content)
        --lrs URL             the LRS (env LRS_URL, default http://localhost:8080)
        --key K --secret S    LRS credentials (env LRS_KEY, LRS_SECRET)
        --batch N             statements per request (default 500)
        --concurrency N       requests in flight at once (default 4)
        --state-dir DIR       checkpoints, outcome ledger, rejects (env CONNECTORS_STATE_DIR;
                              default: the input's directory)
        --rejects FILE        rejects CSV (default: STATE_DIR/<input>.<source>.rejects.csv)
        --dry-run             translate and validate only: nothing is sent or remembered
        --progress bar|lines  progress on stderr as a bar (default on a terminal) or a line every 2 s

      exit codes: 0 all rows imported, 2 some rows rejected, 1 not delivered / input unreadable, 64 usage
      """;

  private ConnectorsCli() {}

  /** The command line's logging: errors only, on stderr (see the resource), unless one is chosen. */
  static final String LOGGING = "org/ahphub/connectors/cli-logback.xml";

  public static void main(String[] args) {
    // Before any logger exists: the hub's jar carries the services' logback.xml (INFO, on stdout).
    if (System.getProperty("logback.configurationFile") == null) {
      System.setProperty("logback.configurationFile", LOGGING);
    }
    System.exit(run(args, System.getenv(), System.out, System.err));
  }

  /** The whole command, without {@code System.exit}: returns the exit code. */
  public static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
    Options options;
    try {
      options = Options.parse(args);
    } catch (IllegalArgumentException e) {
      err.println("connectors: " + e.getMessage());
      err.print(USAGE);
      return EXIT_USAGE;
    }
    if (options.help) {
      out.print(USAGE);
      return 0;
    }
    ConnectorsConfig config;
    try {
      config = ConnectorsConfig.fromEnv(options.overlay(env));
    } catch (IllegalArgumentException e) {
      err.println("connectors: " + e.getMessage());
      return EXIT_USAGE;
    }
    if (!options.dryRun && (config.lrsKey() == null || config.lrsSecret() == null)) {
      err.println("connectors: LRS credentials are needed: --key and --secret, or LRS_KEY and LRS_SECRET"
          + " (or --dry-run to check the file only)");
      return EXIT_USAGE;
    }
    Path file = options.file;
    if (!Files.isReadable(file) || Files.isDirectory(file)) {
      err.println("connectors: cannot read " + file);
      return ImportSummary.EXIT_NOT_DELIVERED;
    }
    Path stateDir = config.stateDir() != null ? config.stateDir()
        : file.toAbsolutePath().getParent();
    FileCheckpointStore store = new FileCheckpointStore(stateDir);
    try {
      Sources.Source source = Sources.create(options.source, config, store);
      ImportInput hashed = ImportInput.ofFile(file, options.format);
      long size = Files.size(file);
      java.util.concurrent.atomic.AtomicLong bytesRead = new java.util.concurrent.atomic.AtomicLong();
      ImportInput input = new ImportInput(hashed.name(), hashed.fingerprint(), hashed.format(),
          () -> new CountingInputStream(hashed.opener().open(), bytesRead));
      Path rejectsPath = options.rejects != null ? options.rejects
          : stateDir.resolve(file.getFileName() + "." + options.source + ".rejects.csv");
      boolean bar = options.progress != null ? options.progress.equals("bar")
          : err == System.err && System.console() != null;
      Progress progress = new Progress(err, options.source, bar, size, bytesRead);
      HttpLrsClient client = options.dryRun ? null : new HttpLrsClient(config.lrsUrl(),
          HttpLrsClient.basic(config.lrsKey(), config.lrsSecret()),
          new RetryPolicy(config.maxAttempts(), config.initialBackoff(), config.maxBackoff()), config.lrsTimeout())
          .notices(progress::notice);
      ImportPipeline pipeline = new ImportPipeline(source.translator(), source.ledger(), client, store,
          new RejectsFile(rejectsPath), progress, new ImportPipeline.Settings(config.batchSize(), config.concurrency(), options.dryRun, 50),
          Clock.systemUTC());
      err.println("connectors: importing " + file.getFileName() + " (" + options.source + ", "
          + input.format().name().toLowerCase(Locale.ROOT) + ")" + (options.dryRun ? ", dry run" : " into "
          + config.lrsUrl()));
      ImportSummary summary = pipeline.run(input);
      print(summary, rejectsPath, out);
      return summary.exitCode();
    } catch (InputException e) {
      e.problems().forEach(p -> err.println("connectors: " + p));
      return ImportSummary.EXIT_NOT_DELIVERED;
    } catch (IOException e) {
      err.println("connectors: " + e.getMessage());
      return ImportSummary.EXIT_NOT_DELIVERED;
    }
  }

  static void print(ImportSummary s, Path rejectsPath, PrintStream out) {
    out.println("import " + s.source() + " " + s.input() + (s.dryRun() ? " (dry run: validated, nothing sent)" : ""));
    out.println("  " + s.message());
    out.printf(Locale.ROOT, "  rows read          %d%n", s.rowsRead());
    if (s.rowsSkipped() > 0) {
      out.printf(Locale.ROOT, "  rows skipped       %d (imported before, per the checkpoint)%n", s.rowsSkipped());
    }
    out.printf(Locale.ROOT, "  statements posted  %d%s%n", s.statementsPosted(), s.dryRun() ? " (would be)" : "");
    if (s.dryRun()) {
      out.printf(Locale.ROOT, "  duplicates         %d (repeats within the file)%n", s.duplicates());
    } else if (s.batchesWithoutStoredCount() > 0) {
      out.printf(Locale.ROOT, "  duplicates         unknown for %d of %d batches (the LRS sent no stored count); %d known%n",
          s.batchesWithoutStoredCount(), s.batches(), s.duplicates());
    } else {
      out.printf(Locale.ROOT, "  stored (new)       %d%n", s.statementsStored());
      out.printf(Locale.ROOT, "  duplicates         %d%n", s.duplicates());
    }
    out.printf(Locale.ROOT, "  rejected rows      %d%s%n", s.rowsRejected(),
        s.rowsRejected() > 0 ? " (details: " + rejectsPath + ")" : "");
    out.printf(Locale.ROOT, "  rows: %d read, %d stored%s, %d already imported, %d rejected%s%n", s.rows().read(),
        s.rows().stored(), s.dryRun() ? " (would be)" : "", s.rows().alreadyImported(), s.rows().rejected(),
        s.rows().estimated() ? " (stored and already imported estimated)" : "");
    out.printf(Locale.ROOT, "  time               %.2f s (%.0f rows/s)%n", s.elapsedMillis() / 1000.0, s.rowsPerSecond());
    if (!s.rejects().isEmpty()) {
      out.println("rejected:");
      for (Reject r : s.rejects()) {
        out.println("  " + r);
      }
      if (s.rejectsNotListed() > 0) {
        out.println("  … and " + s.rejectsNotListed() + " more in " + rejectsPath);
      }
    }
    if (s.error() != null) {
      out.println("not delivered: " + s.error());
      if (!s.dryRun()) {
        out.println("  run the same command again to resume after the last delivered batch");
      }
    }
    out.println("exit " + s.exitCode() + switch (s.exitCode()) {
      case 0 -> " (all rows imported)";
      case 2 -> " (some rows rejected)";
      default -> " (import not delivered)";
    });
  }

  /**
   * Progress on stderr: on a terminal a bar redrawn in place (share of the file's bytes read) about five
   * times a second; otherwise a line at most every two seconds. Both once more at the end.
   */
  private static final class Progress implements ImportPipeline.ProgressListener {
    private static final int WIDTH = 30;
    private final PrintStream err;
    private final String source;
    private final boolean bar;
    private final long size;
    private final java.util.concurrent.atomic.AtomicLong bytesRead;
    private long lastPrinted = System.nanoTime();
    /** Whether the bar is on the current line (a notice then starts a new one). */
    private boolean barShown;

    Progress(PrintStream err, String source, boolean bar, long size, java.util.concurrent.atomic.AtomicLong bytesRead) {
      this.err = err;
      this.source = source;
      this.bar = bar;
      this.size = size;
      this.bytesRead = bytesRead;
    }

    /** A retry notice from the delivery client (posting threads), on a line of its own. */
    synchronized void notice(String notice) {
      if (barShown) {
        err.println();
        barShown = false;
      }
      err.println("connectors: " + notice);
    }

    @Override
    public synchronized void progress(ImportSummary s) {
      long now = System.nanoTime();
      if (!s.finished() && now - lastPrinted < (bar ? 200_000_000L : 2_000_000_000L)) {
        return;
      }
      lastPrinted = now;
      if (bar) {
        err.print("\r" + bar(s.finished() ? 1.0 : size == 0 ? 0 : Math.min(1.0, (double) bytesRead.get() / size), s)
            + (s.finished() ? System.lineSeparator() : ""));
        err.flush();
        barShown = !s.finished();
      } else {
        err.printf(Locale.ROOT, "connectors: %s: %d rows read, %d statements %s, %d rejected%n", source, s.rowsRead(),
            s.statementsPosted(), s.dryRun() ? "validated" : "posted", s.rowsRejected());
      }
    }

    private String bar(double done, ImportSummary s) {
      int filled = (int) Math.round(done * WIDTH);
      return String.format(Locale.ROOT, "connectors: %s [%s%s] %3d%%  %,d rows, %,d rejected", source,
          "#".repeat(filled), ".".repeat(WIDTH - filled), Math.round(done * 100), s.rows().read(), s.rows().rejected());
    }
  }

  /** Counts the bytes read through it (the progress bar's share of the file). */
  private static final class CountingInputStream extends java.io.FilterInputStream {
    private final java.util.concurrent.atomic.AtomicLong count;

    CountingInputStream(java.io.InputStream in, java.util.concurrent.atomic.AtomicLong count) {
      super(in);
      this.count = count;
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        count.incrementAndGet();
      }
      return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      int n = super.read(buffer, offset, length);
      if (n > 0) {
        count.addAndGet(n);
      }
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      long skipped = super.skip(n);
      count.addAndGet(skipped);
      return skipped;
    }
  }

  private static final class Options {
    String source;
    Path file;
    Path mapping;
    Path rejects;
    String homePage;
    String activityBase;
    String lrs;
    String key;
    String secret;
    String batch;
    String concurrency;
    String stateDir;
    InputFormat format;
    String progress;
    boolean dryRun;
    boolean help;

    static Options parse(String[] args) {
      Options o = new Options();
      List<String> list = List.of(args);
      if (list.isEmpty() || list.contains("--help") || list.contains("-h") || list.get(0).equals("help")) {
        o.help = true;
        return o;
      }
      if (!list.get(0).equals("import")) {
        throw new IllegalArgumentException("unknown command '" + list.get(0) + "'");
      }
      int i = 1;
      for (; i < list.size(); i++) {
        String arg = list.get(i);
        if (!arg.startsWith("--")) {
          if (o.source == null) {
            o.source = arg;
          } else if (o.file == null) {
            o.file = Path.of(arg);
          } else {
            throw new IllegalArgumentException("unexpected argument '" + arg + "'");
          }
          continue;
        }
        if (arg.equals("--dry-run")) {
          o.dryRun = true;
          continue;
        }
        if (i + 1 >= list.size()) {
          throw new IllegalArgumentException(arg + " needs a value");
        }
        String value = list.get(++i);
        switch (arg) {
          case "--mapping" -> o.mapping = Path.of(value);
          case "--rejects" -> o.rejects = Path.of(value);
          case "--home-page" -> o.homePage = value;
          case "--activity-base" -> o.activityBase = value;
          case "--lrs" -> o.lrs = value;
          case "--key" -> o.key = value;
          case "--secret" -> o.secret = value;
          case "--batch" -> o.batch = value;
          case "--concurrency" -> o.concurrency = value;
          case "--state-dir" -> o.stateDir = value;
          case "--format" -> o.format = InputFormat.parse(value);
          case "--progress" -> {
            if (!value.equals("bar") && !value.equals("lines")) {
              throw new IllegalArgumentException("--progress must be bar or lines");
            }
            o.progress = value;
          }
          default -> throw new IllegalArgumentException("unknown option " + arg);
        }
      }
      if (o.source == null || o.file == null) {
        throw new IllegalArgumentException("import needs a source and a file");
      }
      if (!Sources.known(o.source)) {
        throw new IllegalArgumentException("unknown source '" + o.source + "': use one of "
            + String.join(", ", Sources.NAMES));
      }
      if (o.mapping != null && o.source.equals(ApprenticeshipTranslator.SOURCE)) {
        throw new IllegalArgumentException("--mapping is not used by apprenticeship");
      }
      if (o.homePage != null && o.source.equals(ElfhTranslator.SOURCE)) {
        throw new IllegalArgumentException("--home-page is not used by elfh (its learners are e-LfH accounts)");
      }
      if (o.activityBase != null && !o.source.equals(ElfhTranslator.SOURCE)) {
        throw new IllegalArgumentException("--activity-base is only used by elfh");
      }
      return o;
    }

    /** The environment with the options laid over it, so one place checks every value. */
    Map<String, String> overlay(Map<String, String> env) {
      Map<String, String> merged = new HashMap<>(env);
      put(merged, "LRS_URL", lrs);
      put(merged, "LRS_KEY", key);
      put(merged, "LRS_SECRET", secret);
      if (secret != null) {
        // --secret replaces a secret file as it replaces LRS_SECRET.
        merged.remove("LRS_SECRET" + org.ahphub.platform.config.Env.FILE_SUFFIX);
      }
      put(merged, "CONNECTORS_BATCH_SIZE", batch);
      put(merged, "CONNECTORS_CONCURRENCY", concurrency);
      put(merged, "CONNECTORS_STATE_DIR", stateDir);
      put(merged, "CONNECTORS_ELFH_ACTIVITY_BASE", activityBase);
      if (mapping != null) {
        put(merged, source.equals(LocalTrainingTranslator.SOURCE) ? "CONNECTORS_LOCAL_MAPPING"
            : "CONNECTORS_ELFH_COURSE_MAPPING", mapping.toString());
      }
      if (homePage != null) {
        put(merged, source.equals(LocalTrainingTranslator.SOURCE) ? "CONNECTORS_LOCAL_HOME_PAGE"
            : "CONNECTORS_APPRENTICESHIP_HOME_PAGE", homePage);
      }
      return merged;
    }

    private static void put(Map<String, String> map, String key, String value) {
      if (value != null) {
        map.put(key, value);
      }
    }
  }
}
