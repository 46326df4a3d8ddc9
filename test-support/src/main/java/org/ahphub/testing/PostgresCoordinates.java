package org.ahphub.testing;

/** Where a test database lives. */
public record PostgresCoordinates(String host, int port, String database, String user, String password) {}
