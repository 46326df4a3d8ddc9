package org.ahphub.connectors;

import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.ahphub.connectors.apprenticeship.ApprenticeshipTranslator;
import org.ahphub.connectors.elfh.ElfhTranslator;
import org.ahphub.connectors.xapi.Iris;
import org.ahphub.platform.config.Env;
import org.ahphub.platform.config.HubMode;

/**
 * Configuration of the connectors (command line and upload endpoint), from environment variables.
 * Every malformed value is reported at once by {@link #fromEnv}.
 *
 * <table>
 *   <caption>Environment variables</caption>
 *   <tr><th>Variable</th><th>Default</th><th>Meaning</th></tr>
 *   <tr><td>{@code CONNECTORS_HTTP_PORT}</td><td>8082</td><td>port of the upload endpoint (0: any free port)</td></tr>
 *   <tr><td>{@code LRS_URL}</td><td>http://localhost:8080</td><td>the LRS; statements go to {@code {LRS_URL}/xapi/statements}</td></tr>
 *   <tr><td>{@code LRS_KEY}, {@code LRS_SECRET}</td><td>none</td><td>Basic credentials of the command line; the secret may be
 *       given in a file instead, named by {@code LRS_SECRET_FILE}
 *       (the upload endpoint forwards the caller's own credentials instead)</td></tr>
 *   <tr><td>{@code CONNECTORS_BATCH_SIZE}</td><td>500</td><td>statements per POST (1 to 10000)</td></tr>
 *   <tr><td>{@code CONNECTORS_CONCURRENCY}</td><td>4</td><td>batches posted at once (1 to 64); the checkpoint only
 *       advances past batches that all arrived</td></tr>
 *   <tr><td>{@code CONNECTORS_MAX_ATTEMPTS}</td><td>5</td><td>attempts per batch on 5xx, 429 or network errors</td></tr>
 *   <tr><td>{@code CONNECTORS_BACKOFF}</td><td>PT0.5S</td><td>first retry wait (ISO 8601 duration or milliseconds); doubles, with jitter</td></tr>
 *   <tr><td>{@code CONNECTORS_MAX_BACKOFF}</td><td>PT30S</td><td>longest retry wait</td></tr>
 *   <tr><td>{@code CONNECTORS_LRS_TIMEOUT}</td><td>PT60S</td><td>time allowed for one POST</td></tr>
 *   <tr><td>{@code CONNECTORS_STATE_DIR}</td><td>the input's directory</td>
 *       <td>the command line's checkpoints, apprenticeship outcome ledger and rejects files (the upload endpoint
 *       keeps all of these in PostgreSQL, schema {@code connectors})</td></tr>
 *   <tr><td>{@code CONNECTORS_TIME_ZONE}</td><td>Europe/London</td><td>zone of dates and times written without an offset</td></tr>
 *   <tr><td>{@code CONNECTORS_ELFH_ACTIVITY_BASE}</td><td>https://www.e-lfh.org.uk/programmes/</td><td>e-LfH course activity IRI = base + course id</td></tr>
 *   <tr><td>{@code CONNECTORS_ELFH_COURSE_MAPPING}</td><td>built-in default table</td><td>CSV course id → CSTF subject / Care Certificate standard</td></tr>
 *   <tr><td>{@code CONNECTORS_APPRENTICESHIP_HOME_PAGE}</td><td>https://www.gov.uk/uln</td><td>account homePage of apprentices (name = ULN)</td></tr>
 *   <tr><td>{@code CONNECTORS_LOCAL_HOME_PAGE}</td><td>none (required for the command line's {@code local}; the upload
 *       endpoint falls back to the uploading organisation's homePage)</td><td>the trust's account homePage (name = staff number)</td></tr>
 *   <tr><td>{@code CONNECTORS_LOCAL_MAPPING}</td><td>none (required for the command line's {@code local}; the upload
 *       endpoint uses the organisation's stored mapping first)</td><td>CSV or JSON session code → activity and competencies</td></tr>
 *   <tr><td>{@code IMPORT_MAX_BYTES}</td><td>52428800 (50 MB)</td><td>largest accepted upload, in bytes; it is
 *       streamed to a temporary file, never held in memory; a larger one is answered 413</td></tr>
 *   <tr><td>{@code CONNECTORS_JOB_STALE_AFTER}</td><td>PT2M</td><td>an unfinished import job whose process has not
 *       renewed its heartbeat for this long was interrupted by a stop: any upload process marks it failed, saying so
 *       (heartbeats every quarter of it)</td></tr>
 *   <tr><td>{@code CONNECTORS_RETAIN_IMPORTS}</td><td>P90D</td><td>finished import jobs, with their rejected rows (which
 *       hold learners' names and identifiers as the files had them), are deleted this long after they finished</td></tr>
 *   <tr><td>{@code HUB_DEV_MODE}, {@code HUB_HTTP_HOST}</td><td>false; 127.0.0.1 in development mode, else 0.0.0.0</td>
 *       <td>the address the upload endpoint listens on ({@link org.ahphub.platform.config.HubMode})</td></tr>
 * </table>
 */
public record ConnectorsConfig(
    int httpPort,
    String lrsUrl,
    String lrsKey,
    String lrsSecret,
    int batchSize,
    int concurrency,
    int maxAttempts,
    Duration initialBackoff,
    Duration maxBackoff,
    Duration lrsTimeout,
    Path stateDir,
    ZoneId timeZone,
    String elfhActivityBase,
    Path elfhCourseMapping,
    String apprenticeshipHomePage,
    String localHomePage,
    Path localMapping,
    long maxUploadBytes,
    String httpHost,
    Duration jobStaleAfter,
    Duration retainImports) {

  public static final String DEFAULT_LRS_URL = "http://localhost:8080";
  public static final long DEFAULT_MAX_UPLOAD_BYTES = 50L * 1024 * 1024;

  /** The configuration from these variables; an {@link IllegalArgumentException} lists every bad one. */
  public static ConnectorsConfig fromEnv(Map<String, String> env) {
    Reader r = new Reader(env);
    ConnectorsConfig config = new ConnectorsConfig(
        r.integer("CONNECTORS_HTTP_PORT", 8082, 0, 65535),
        r.url("LRS_URL", DEFAULT_LRS_URL),
        r.string("LRS_KEY", null),
        r.secret("LRS_SECRET"),
        r.integer("CONNECTORS_BATCH_SIZE", 500, 1, 10_000),
        r.integer("CONNECTORS_CONCURRENCY", 4, 1, 64),
        r.integer("CONNECTORS_MAX_ATTEMPTS", 5, 1, 100),
        r.duration("CONNECTORS_BACKOFF", Duration.ofMillis(500)),
        r.duration("CONNECTORS_MAX_BACKOFF", Duration.ofSeconds(30)),
        r.duration("CONNECTORS_LRS_TIMEOUT", Duration.ofSeconds(60)),
        r.path("CONNECTORS_STATE_DIR"),
        r.zone("CONNECTORS_TIME_ZONE", ZoneId.of("Europe/London")),
        r.url("CONNECTORS_ELFH_ACTIVITY_BASE", ElfhTranslator.DEFAULT_ACTIVITY_BASE),
        r.path("CONNECTORS_ELFH_COURSE_MAPPING"),
        r.url("CONNECTORS_APPRENTICESHIP_HOME_PAGE", ApprenticeshipTranslator.DEFAULT_HOME_PAGE),
        r.url("CONNECTORS_LOCAL_HOME_PAGE", null),
        r.path("CONNECTORS_LOCAL_MAPPING"),
        r.bytes("IMPORT_MAX_BYTES", DEFAULT_MAX_UPLOAD_BYTES),
        r.httpHost(),
        r.duration("CONNECTORS_JOB_STALE_AFTER", Duration.ofMinutes(2)),
        r.duration("CONNECTORS_RETAIN_IMPORTS", Duration.ofDays(90)));
    if (config.jobStaleAfter.compareTo(Duration.ofSeconds(1)) < 0) {
      r.problems.add("CONNECTORS_JOB_STALE_AFTER must be at least one second");
    }
    if (config.maxBackoff.compareTo(config.initialBackoff) < 0) {
      r.problems.add("CONNECTORS_MAX_BACKOFF must not be shorter than CONNECTORS_BACKOFF");
    }
    if (!r.problems.isEmpty()) {
      throw new IllegalArgumentException("configuration: " + String.join("; ", r.problems));
    }
    return config;
  }

  /** This configuration with another account homePage for the learners of {@code source}. */
  public ConnectorsConfig withLearnerHomePage(String source, String homePage) {
    return switch (source) {
      case ApprenticeshipTranslator.SOURCE -> new ConnectorsConfig(httpPort, lrsUrl, lrsKey, lrsSecret, batchSize,
          concurrency, maxAttempts, initialBackoff, maxBackoff, lrsTimeout, stateDir, timeZone, elfhActivityBase, elfhCourseMapping,
          homePage, localHomePage, localMapping, maxUploadBytes, httpHost, jobStaleAfter, retainImports);
      case "local" -> new ConnectorsConfig(httpPort, lrsUrl, lrsKey, lrsSecret, batchSize, concurrency, maxAttempts,
          initialBackoff, maxBackoff, lrsTimeout, stateDir, timeZone, elfhActivityBase, elfhCourseMapping,
          apprenticeshipHomePage, homePage, localMapping, maxUploadBytes, httpHost, jobStaleAfter, retainImports);
      default -> throw new IllegalArgumentException(source + " learners have a fixed homePage");
    };
  }

  private static final class Reader {
    private final Map<String, String> env;
    private final List<String> problems = new ArrayList<>();

    Reader(Map<String, String> env) {
      this.env = env;
    }

    String string(String name, String fallback) {
      String value = env.get(name);
      return value == null || value.isBlank() ? fallback : value.strip();
    }

    /** A secret, also readable from the file named by {@code <name>_FILE} ({@link Env#secret}). */
    String secret(String name) {
      try {
        return Env.of(env).secret(name, null);
      } catch (IllegalArgumentException e) {
        problems.add(e.getMessage());
        return null;
      }
    }

    int integer(String name, int fallback, int min, int max) {
      String value = string(name, null);
      if (value == null) {
        return fallback;
      }
      try {
        int n = Integer.parseInt(value);
        if (n < min || n > max) {
          problems.add(name + " must be between " + min + " and " + max + ", got " + n);
          return fallback;
        }
        return n;
      } catch (NumberFormatException e) {
        problems.add(name + " must be a whole number, got '" + value + "'");
        return fallback;
      }
    }

    long bytes(String name, long fallback) {
      String value = string(name, null);
      if (value == null) {
        return fallback;
      }
      try {
        long n = Long.parseLong(value);
        if (n < 1) {
          problems.add(name + " must be at least 1, got " + n);
          return fallback;
        }
        return n;
      } catch (NumberFormatException e) {
        problems.add(name + " must be a whole number of bytes, got '" + value + "'");
        return fallback;
      }
    }

    String httpHost() {
      try {
        return HubMode.fromEnv(Env.of(env)).httpHost();
      } catch (IllegalArgumentException e) {
        problems.add(e.getMessage());
        return HubMode.LOOPBACK;
      }
    }

    Duration duration(String name, Duration fallback) {
      String value = string(name, null);
      if (value == null) {
        return fallback;
      }
      try {
        Duration d = value.chars().allMatch(Character::isDigit) ? Duration.ofMillis(Long.parseLong(value))
            : Duration.parse(value);
        if (d.isNegative()) {
          problems.add(name + " must not be negative");
          return fallback;
        }
        return d;
      } catch (RuntimeException e) {
        problems.add(name + " must be a duration such as PT5S or 5000 (milliseconds), got '" + value + "'");
        return fallback;
      }
    }

    String url(String name, String fallback) {
      String value = string(name, null);
      if (value == null) {
        return fallback;
      }
      if (!Iris.isAbsoluteHttp(value)) {
        problems.add(name + " must be an absolute http(s) URL, got '" + value + "'");
        return fallback;
      }
      return value;
    }

    Path path(String name) {
      String value = string(name, null);
      return value == null ? null : Path.of(value);
    }

    ZoneId zone(String name, ZoneId fallback) {
      String value = string(name, null);
      if (value == null) {
        return fallback;
      }
      try {
        return ZoneId.of(value);
      } catch (DateTimeException e) {
        problems.add(name + " must be a time zone such as Europe/London, got '" + value + "'");
        return fallback;
      }
    }
  }
}
