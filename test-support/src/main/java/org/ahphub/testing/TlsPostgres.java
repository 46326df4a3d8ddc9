package org.ahphub.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.ahphub.embedded.EmbeddedPostgresServer;
import org.ahphub.embedded.ScratchDirectory;

/**
 * A PostgreSQL of its own that takes TLS connections only, as a managed service can be set to: {@code ssl=on}
 * with a self-signed certificate for {@code localhost} and {@code 127.0.0.1} made here, and a host-based
 * authentication file with {@code hostssl} lines only, so the server refuses any connection without TLS.
 * {@link #stranger()} is a second certificate that did not sign the server's, for tests of a wrong root.
 */
public final class TlsPostgres implements AutoCloseable {

  private final ScratchDirectory data;
  private final EmbeddedPostgresServer postgres;
  private final TestCertificate server;
  private final TestCertificate stranger;

  private TlsPostgres(ScratchDirectory data, EmbeddedPostgresServer postgres, TestCertificate server,
      TestCertificate stranger) {
    this.data = data;
    this.postgres = postgres;
    this.server = server;
    this.stranger = stranger;
  }

  public static TlsPostgres start() {
    ScratchDirectory data = ScratchDirectory.create("ahp-hub-pg-tls-");
    try {
      Path tls = data.path().resolve("tls");
      TestCertificate server = TestCertificate.create(tls, "server");
      TestCertificate stranger = TestCertificate.create(tls, "stranger");
      Path hba = Files.writeString(tls.resolve("pg_hba.conf"), """
          local all all trust
          hostssl all all 127.0.0.1/32 trust
          hostssl all all ::1/128 trust
          """);
      EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(data.path().resolve("postgres"), 0, false,
          "32MB", Map.of(
              "ssl", "on",
              "ssl_cert_file", server.certificate().toString(),
              "ssl_key_file", server.privateKey().toString(),
              "hba_file", hba.toString()));
      return new TlsPostgres(data, postgres, server, stranger);
    } catch (IOException e) {
      data.close();
      throw new UncheckedIOException(e);
    } catch (RuntimeException e) {
      data.close();
      throw e;
    }
  }

  public String host() {
    return postgres.host();
  }

  public int port() {
    return postgres.port();
  }

  public String database() {
    return EmbeddedPostgresServer.DATABASE;
  }

  public String user() {
    return EmbeddedPostgresServer.USER;
  }

  /** The server's certificate, which is its own root: the {@code PGSSLROOTCERT} that verifies it. */
  public Path rootCertificate() {
    return server.certificate();
  }

  /** A certificate that did not sign the server's. */
  public Path stranger() {
    return stranger.certificate();
  }

  @Override
  public void close() {
    try {
      postgres.close();
    } finally {
      data.close();
    }
  }
}
