package org.ahphub.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import org.ahphub.embedded.EmbeddedKafkaBroker;
import org.ahphub.embedded.EmbeddedPostgresServer;
import org.ahphub.embedded.ScratchDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.PostgreSQLContainer;
import org.testcontainers.kafka.KafkaContainer;

/**
 * One PostgreSQL server and one Kafka broker per test JVM: real containers through
 * Testcontainers when a Docker engine answers, otherwise the embedded ones in this JVM.
 * Which backend ran is logged, never silently chosen. Each test class takes its own database
 * and its own topic names, so classes never see each other's data.
 */
public final class TestInfrastructure {

  private static final Logger LOG = LoggerFactory.getLogger(TestInfrastructure.class);
  private static final AtomicInteger DATABASES = new AtomicInteger();
  private static TestInfrastructure instance;

  private final Backend backend;

  private TestInfrastructure(Backend backend) {
    this.backend = backend;
  }

  public static synchronized TestInfrastructure get() {
    if (instance == null) {
      instance = new TestInfrastructure(startBackend());
      Runtime.getRuntime().addShutdownHook(new Thread(instance.backend::close, "test-infrastructure-stop"));
    }
    return instance;
  }

  /** A new, empty database on the shared server. */
  public PostgresCoordinates freshDatabase() {
    String name = "test_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
    PostgresCoordinates admin = backend.adminDatabase();
    try (Connection connection = DriverManager.getConnection(admin.jdbcUrl(), admin.user(), admin.password());
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("could not create test database " + name, e);
    }
    return new PostgresCoordinates(admin.host(), admin.port(), name, admin.user(), admin.password());
  }

  public String kafkaBootstrapServers() {
    return backend.bootstrapServers();
  }

  /** Takes the broker away until {@link #resumeKafka()}: clients see a real outage. */
  public void interruptKafka() {
    backend.interruptKafka();
  }

  public void resumeKafka() {
    backend.resumeKafka();
  }

  public String backendName() {
    return backend.name();
  }

  private static Backend startBackend() {
    boolean docker;
    try {
      docker = !"embedded".equals(System.getenv("HUB_TEST_BACKEND"))
          && DockerClientFactory.instance().isDockerAvailable();
    } catch (RuntimeException e) {
      docker = false;
    }
    Backend backend = docker ? new ContainerBackend() : new EmbeddedBackend();
    LOG.warn("integration tests run on {} PostgreSQL and Kafka", backend.name());
    return backend;
  }

  private interface Backend extends AutoCloseable {
    String name();

    PostgresCoordinates adminDatabase();

    String bootstrapServers();

    void interruptKafka();

    void resumeKafka();

    @Override
    void close();
  }

  private static final class EmbeddedBackend implements Backend {
    /** Each test JVM's data is throw-away. */
    private final ScratchDirectory data;
    private final EmbeddedPostgresServer postgres;
    private EmbeddedKafkaBroker kafka;
    private boolean kafkaDown;

    EmbeddedBackend() {
      data = ScratchDirectory.create("ahp-hub-test-");
      postgres = EmbeddedPostgresServer.start(data.path().resolve("postgres"), 0, false);
      kafka = EmbeddedKafkaBroker.start(data.path().resolve("kafka"), 0, 0);
    }

    @Override
    public String name() {
      return "embedded (in-JVM)";
    }

    @Override
    public PostgresCoordinates adminDatabase() {
      return new PostgresCoordinates(postgres.host(), postgres.port(), EmbeddedPostgresServer.DATABASE,
          EmbeddedPostgresServer.USER, "");
    }

    @Override
    public String bootstrapServers() {
      return kafka.bootstrapServers();
    }

    @Override
    public synchronized void interruptKafka() {
      kafka.close();
      kafkaDown = true;
    }

    @Override
    public synchronized void resumeKafka() {
      if (kafkaDown) {
        kafka = EmbeddedKafkaBroker.start(data.path().resolve("kafka"), kafka.port(), 0);
        kafkaDown = false;
      }
    }

    @Override
    public synchronized void close() {
      if (!kafkaDown) {
        kafka.close();
      }
      postgres.close();
      data.close();
    }
  }

  private static final class ContainerBackend implements Backend {
    private final PostgreSQLContainer<?> postgres = new PostgreSQLContainer<>("postgres:17-alpine");
    private final KafkaContainer kafka = new KafkaContainer("apache/kafka:4.1.0");

    ContainerBackend() {
      postgres.start();
      kafka.start();
    }

    @Override
    public String name() {
      return "Testcontainers (Docker)";
    }

    @Override
    public PostgresCoordinates adminDatabase() {
      return new PostgresCoordinates(postgres.getHost(), postgres.getFirstMappedPort(),
          postgres.getDatabaseName(), postgres.getUsername(), postgres.getPassword());
    }

    @Override
    public String bootstrapServers() {
      return kafka.getBootstrapServers();
    }

    @Override
    public void interruptKafka() {
      // Pausing keeps the mapped port, so clients reconnect to the same address afterwards.
      DockerClientFactory.instance().client().pauseContainerCmd(kafka.getContainerId()).exec();
    }

    @Override
    public void resumeKafka() {
      DockerClientFactory.instance().client().unpauseContainerCmd(kafka.getContainerId()).exec();
    }

    @Override
    public void close() {
      kafka.stop();
      postgres.stop();
    }
  }
}
