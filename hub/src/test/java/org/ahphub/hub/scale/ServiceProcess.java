package org.ahphub.hub.scale;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * One of the hub's services as an operator runs it: {@code java -cp ahp-hub.jar <main class>} (the packaged jar,
 * as docker-compose runs it), its output in a file. {@link #kill} is {@code kill -9}, {@link #terminate} is
 * {@code kill} (SIGTERM, as an orchestrator stops it).
 */
final class ServiceProcess implements AutoCloseable {

  /** The packaged jar, built by the package phase before the integration tests run. */
  static final Path JAR = Path.of("target", "ahp-hub.jar").toAbsolutePath();
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

  final String name;
  final int port;
  final Path log;
  private final Process process;

  private ServiceProcess(String name, int port, Path log, Process process) {
    this.name = name;
    this.port = port;
    this.log = log;
    this.process = process;
  }

  static ServiceProcess start(String name, String mainClass, int port, Map<String, String> env, Path logs) {
    return start(name, mainClass, port, env, logs, "256m");
  }

  /** As above, with a heap of {@code heap} (e.g. {@code 512m} for the whole hub with its Kafka broker). */
  static ServiceProcess start(String name, String mainClass, int port, Map<String, String> env, Path logs,
      String heap) {
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> command = new ArrayList<>(List.of(java, "-Xmx" + heap, "-XX:+UseSerialGC",
        "-XX:TieredStopAtLevel=1", "-cp", JAR.toString(), mainClass));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().clear();
    builder.environment().putAll(env);
    Path log = logs.resolve(name + ".log");
    builder.redirectErrorStream(true).redirectOutput(log.toFile());
    try {
      return new ServiceProcess(name, port, log, builder.start());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Runs a one-shot main (migrations) to its end; fails on a non-zero exit. */
  static void run(String name, String mainClass, Map<String, String> env, Path logs) throws InterruptedException {
    ServiceProcess once = start(name, mainClass, 0, env, logs);
    int exit = once.process.waitFor();
    if (exit != 0) {
      throw new AssertionError(name + " exited " + exit + ":\n" + once.tail());
    }
  }

  /** Waits until {@code /health/ready} answers 200. */
  ServiceProcess awaitReady(Duration within) throws InterruptedException {
    long deadline = System.nanoTime() + within.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new AssertionError(name + " stopped:\n" + tail());
      }
      try {
        HttpURLConnection connection = (HttpURLConnection) URI.create("http://127.0.0.1:" + port + "/health/ready")
            .toURL().openConnection();
        connection.setConnectTimeout(1000);
        connection.setReadTimeout(2000);
        if (connection.getResponseCode() == 200) {
          return this;
        }
      } catch (IOException notYet) {
        // starting
      }
      Thread.sleep(300);
    }
    throw new AssertionError(name + " not ready within " + within + ":\n" + tail());
  }

  /** POSTs one statement (xAPI 1.0.3) to this process's LRS with HTTP Basic credentials; the status. */
  int postStatement(String key, String secret, JsonObject statement) throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/xapi/statements"))
        .timeout(Duration.ofSeconds(30)).header("X-Experience-API-Version", "1.0.3")
        .header("Content-Type", "application/json").header("Authorization", basic(key, secret))
        .POST(HttpRequest.BodyPublishers.ofString(statement.encode())).build();
    return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  static String basic(String key, String secret) {
    return "Basic " + Base64.getEncoder().encodeToString((key + ":" + secret).getBytes(StandardCharsets.UTF_8));
  }

  /** A port free now, for a process to listen on. */
  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  boolean alive() {
    return process.isAlive();
  }

  /** kill -9: no shutdown hook, nothing flushed. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
  }

  /** SIGTERM, then waits for the process to end; returns its exit code, or fails if it outlives {@code within}. */
  int terminate(Duration within) throws InterruptedException {
    process.destroy();
    if (!process.waitFor(within.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
      process.destroyForcibly().waitFor();
      throw new AssertionError(name + " still running " + within + " after SIGTERM:\n" + tail());
    }
    return process.exitValue();
  }

  String tail() {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
