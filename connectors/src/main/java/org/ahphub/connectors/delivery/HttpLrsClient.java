package org.ahphub.connectors.delivery;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.OptionalInt;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;
import org.ahphub.platform.log.LogText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts batches to {@code POST {lrs}/xapi/statements} with {@code java.net.http} (blocking: the CLI
 * waits anyway, and the upload endpoint runs imports on a worker thread).
 *
 * <p>5xx answers (also 429) and network errors are retried under the {@link RetryPolicy},
 * honouring {@code Retry-After} up to the policy's maximum backoff; any other 4xx stops at once with
 * the reason from the LRS's JSON error body. A 200 answer's body is the array of ids, and
 * {@code X-Hub-Statements-Stored} says how many of the batch were new.
 */
public final class HttpLrsClient implements LrsClient {

  public static final String STORED_HEADER = "X-Hub-Statements-Stored";
  private static final Logger LOG = LoggerFactory.getLogger(HttpLrsClient.class);

  /** Waits between attempts; tests replace it to run without sleeping. */
  public interface Sleeper {
    void sleep(Duration duration) throws InterruptedException;
  }

  private final HttpClient http;
  private final URI statements;
  private final String authorization;
  private final RetryPolicy retry;
  private final Duration timeout;
  private final Sleeper sleeper;
  private final RandomGenerator random;
  private volatile Consumer<String> notices = LOG::warn;

  public HttpLrsClient(String lrsUrl, String authorization, RetryPolicy retry, Duration timeout) {
    this(lrsUrl, authorization, retry, timeout, d -> Thread.sleep(d.toMillis()), RandomGenerator.getDefault());
  }

  public HttpLrsClient(String lrsUrl, String authorization, RetryPolicy retry, Duration timeout, Sleeper sleeper,
      RandomGenerator random) {
    String base = lrsUrl.endsWith("/") ? lrsUrl.substring(0, lrsUrl.length() - 1) : lrsUrl;
    this.statements = URI.create(base + "/xapi/statements");
    this.authorization = authorization;
    this.retry = retry;
    this.timeout = timeout;
    this.sleeper = sleeper;
    this.random = random;
    this.http = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(10))
        .build();
  }

  /** Where retry notices go (the log by default; the command line shows them on stderr). */
  public HttpLrsClient notices(Consumer<String> sink) {
    this.notices = sink;
    return this;
  }

  /** The {@code Authorization} header value for an LRS key and secret. */
  public static String basic(String key, String secret) {
    return "Basic " + Base64.getEncoder().encodeToString((key + ":" + secret).getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public BatchReceipt post(List<JsonObject> batch) throws DeliveryException {
    JsonArray body = new JsonArray(new ArrayList<>(batch));
    HttpRequest.Builder request = HttpRequest.newBuilder(statements)
        .timeout(timeout)
        .header("X-Experience-API-Version", "1.0.3")
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body.encode(), StandardCharsets.UTF_8));
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    HttpRequest built = request.build();
    int attempt = 0;
    while (true) {
      attempt++;
      Duration wait;
      String failure;
      int status = 0;
      Throwable cause = null;
      try {
        HttpResponse<String> response = http.send(built, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        status = response.statusCode();
        if (status == 200) {
          return receipt(response, batch.size(), attempt);
        }
        String reason = reason(response.body());
        if (status >= 400 && status < 500 && status != 429) {
          throw new DeliveryException("the LRS refused the batch with " + status + ": " + reason, status, attempt, null);
        }
        failure = "LRS answered " + status + (reason.isEmpty() ? "" : ": " + reason);
        wait = retryAfter(response).orElse(null);
      } catch (IOException e) {
        failure = "LRS unreachable: " + e.getClass().getSimpleName()
            + (e.getMessage() == null ? "" : " " + e.getMessage());
        cause = e;
        wait = null;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new DeliveryException("interrupted while delivering", 0, attempt, e);
      }
      if (attempt >= retry.maxAttempts()) {
        throw new DeliveryException(failure + " (gave up after " + attempt + " attempts)", status, attempt, cause);
      }
      Duration delay = wait != null ? wait : retry.delay(attempt, random);
      notices.accept("batch of " + batch.size() + " statements: attempt " + attempt + " failed (" + failure
          + "), retrying in " + delay.toMillis() + " ms");
      try {
        sleeper.sleep(delay);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new DeliveryException("interrupted while waiting to retry", status, attempt, e);
      }
    }
  }

  private BatchReceipt receipt(HttpResponse<String> response, int size, int attempts) throws DeliveryException {
    List<String> ids = new ArrayList<>();
    try {
      new JsonArray(response.body()).forEach(id -> ids.add(String.valueOf(id)));
    } catch (DecodeException | ClassCastException e) {
      throw new DeliveryException("the LRS answered 200 but not with a JSON array of ids", 200, attempts, e);
    }
    if (ids.size() != size) {
      LOG.warn("the LRS returned {} ids for a batch of {}", ids.size(), size);
    }
    OptionalInt stored = OptionalInt.empty();
    String header = response.headers().firstValue(STORED_HEADER).orElse(null);
    if (header != null) {
      try {
        stored = OptionalInt.of(Integer.parseInt(header.trim()));
      } catch (NumberFormatException e) {
        LOG.warn("ignoring {} header '{}'", STORED_HEADER, LogText.of(header));
      }
    }
    return new BatchReceipt(ids, stored, attempts);
  }

  private java.util.Optional<Duration> retryAfter(HttpResponse<String> response) {
    return response.headers().firstValue("Retry-After").flatMap(value -> {
      try {
        long seconds = Long.parseLong(value.trim());
        Duration d = Duration.ofSeconds(Math.max(0, seconds));
        return java.util.Optional.of(d.compareTo(retry.maxBackoff()) > 0 ? retry.maxBackoff() : d);
      } catch (NumberFormatException e) {
        return java.util.Optional.empty();
      }
    });
  }

  /**
   * The LRS's reason: {@code message} (or {@code error}), the JSON path it points at when given, and
   * the first violations when the body lists them.
   */
  static String reason(String body) {
    if (body == null || body.isBlank()) {
      return "";
    }
    String text = body.strip();
    if (text.startsWith("{")) {
      try {
        JsonObject error = new JsonObject(text);
        String message = firstString(error, "message", "error", "reason", "detail", "title");
        String path = firstString(error, "path", "jsonPath", "where");
        if (message != null) {
          StringBuilder reason = new StringBuilder(message);
          if (path != null) {
            reason.append(" (at ").append(path).append(')');
          }
          // The hub's LRS lists the broken xAPI rules: {"violations": [{"rule", "path", "message"}]}.
          if (error.getValue("violations") instanceof JsonArray violations) {
            for (int i = 0; i < Math.min(3, violations.size()); i++) {
              if (violations.getValue(i) instanceof JsonObject v) {
                reason.append("; ").append(v.getString("path", "?")).append(": ").append(v.getString("message", ""));
                if (v.getString("rule") != null) {
                  reason.append(" [").append(v.getString("rule")).append(']');
                }
              }
            }
            if (violations.size() > 3) {
              reason.append("; and ").append(violations.size() - 3).append(" more");
            }
          }
          return reason.toString();
        }
      } catch (DecodeException e) {
        // not JSON after all: fall through to the raw text
      }
    }
    return text.length() > 500 ? text.substring(0, 500) + "…" : text;
  }

  private static String firstString(JsonObject object, String... keys) {
    for (String key : keys) {
      Object value = object.getValue(key);
      if (value instanceof String s && !s.isBlank()) {
        return s;
      }
    }
    return null;
  }
}
