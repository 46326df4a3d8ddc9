package org.ahphub.embedded;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka broker (KRaft: broker and controller in one) running inside this JVM.
 * Its log directory survives a stop, so a restart on the same folder and ports keeps every topic.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);

  private final KafkaRaftServer server;
  private final Path dataDirectory;
  private final int port;
  private final int controllerPort;

  private EmbeddedKafkaBroker(KafkaRaftServer server, Path dataDirectory, int port, int controllerPort) {
    this.server = server;
    this.dataDirectory = dataDirectory;
    this.port = port;
    this.controllerPort = controllerPort;
  }

  /** Starts a broker listening on {@code port} (0 picks free ports) with its logs in {@code dataDirectory}. */
  public static EmbeddedKafkaBroker start(Path dataDirectory, int port, int controllerPort) {
    int brokerPort = port > 0 ? port : freePort();
    int quorumPort = controllerPort > 0 ? controllerPort : freePort();
    long started = System.nanoTime();
    try {
      Files.createDirectories(dataDirectory);
      Properties properties = properties(dataDirectory.resolve("logs"), brokerPort, quorumPort);
      formatOnce(dataDirectory, properties);
      KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(properties, false), Time.SYSTEM);
      server.startup();
      EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(server, dataDirectory, brokerPort, quorumPort);
      broker.awaitReady(Duration.ofSeconds(60));
      LOG.info("embedded Kafka broker ready on {} in {} ms (data in {})",
          broker.bootstrapServers(), (System.nanoTime() - started) / 1_000_000, dataDirectory);
      return broker;
    } catch (IOException e) {
      throw new UncheckedIOException("embedded Kafka did not start", e);
    }
  }

  /** A fresh broker on the same folder and ports, as after a broker restart. */
  public EmbeddedKafkaBroker restart() {
    close();
    return start(dataDirectory, port, controllerPort);
  }

  public String bootstrapServers() {
    return "127.0.0.1:" + port;
  }

  public int port() {
    return port;
  }

  @Override
  public void close() {
    server.shutdown();
    server.awaitShutdown();
  }

  private static Properties properties(Path logs, int port, int controllerPort) {
    Properties p = new Properties();
    p.putAll(Map.ofEntries(
        Map.entry("process.roles", "broker,controller"),
        Map.entry("node.id", "1"),
        Map.entry("controller.quorum.voters", "1@127.0.0.1:" + controllerPort),
        Map.entry("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort),
        Map.entry("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port),
        Map.entry("controller.listener.names", "CONTROLLER"),
        Map.entry("inter.broker.listener.name", "PLAINTEXT"),
        Map.entry("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT"),
        Map.entry("log.dirs", logs.toString()),
        Map.entry("num.partitions", "4"),
        Map.entry("default.replication.factor", "1"),
        Map.entry("min.insync.replicas", "1"),
        Map.entry("offsets.topic.replication.factor", "1"),
        Map.entry("offsets.topic.num.partitions", "4"),
        Map.entry("transaction.state.log.replication.factor", "1"),
        Map.entry("transaction.state.log.min.isr", "1"),
        Map.entry("share.coordinator.state.topic.replication.factor", "1"),
        Map.entry("share.coordinator.state.topic.min.isr", "1"),
        // A single-member group needs no rebalance grace period; it only slows tests and start-up.
        Map.entry("group.initial.rebalance.delay.ms", "0"),
        Map.entry("auto.create.topics.enable", "true")));
    return p;
  }

  private static void formatOnce(Path dataDirectory, Properties properties) throws IOException {
    Path logs = Path.of(properties.getProperty("log.dirs"));
    if (Files.exists(logs.resolve("meta.properties"))) {
      return;
    }
    Path config = dataDirectory.resolve("server.properties");
    try (var out = Files.newOutputStream(config)) {
      properties.store(out, "embedded Kafka broker");
    }
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    int status = StorageTool.execute(
        new String[] {"format", "-t", Uuid.randomUuid().toString(), "-c", config.toString()},
        new PrintStream(output, true, StandardCharsets.UTF_8));
    if (status != 0) {
      throw new IllegalStateException("formatting Kafka storage failed: " + output.toString(StandardCharsets.UTF_8));
    }
  }

  private void awaitReady(Duration timeout) {
    Map<String, Object> config = Map.of(
        AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
        AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000,
        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
    long deadline = System.nanoTime() + timeout.toNanos();
    try (Admin admin = Admin.create(config)) {
      while (true) {
        try {
          admin.describeCluster().nodes().get(10, TimeUnit.SECONDS);
          return;
        } catch (Exception notYet) {
          if (System.nanoTime() > deadline) {
            throw new IllegalStateException("embedded Kafka not ready after " + timeout, notYet);
          }
        }
      }
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
