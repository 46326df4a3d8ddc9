package org.ahphub.platform.db;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * Loads one SQL statement per {@code .sql} resource at start-up. A missing file fails fast.
 * The only substitution is a schema name ({@code {schema}}), checked to be a plain identifier:
 * values always travel as {@code $n} parameters.
 */
public final class SqlResources {

  private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]*");

  private SqlResources() {}

  public static String load(String resource) {
    try (InputStream in = SqlResources.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("SQL resource missing from the classpath: " + resource);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static String load(String resource, String schema) {
    if (!IDENTIFIER.matcher(schema).matches()) {
      throw new IllegalArgumentException("not a schema identifier: " + schema);
    }
    return load(resource).replace("{schema}", schema);
  }
}
