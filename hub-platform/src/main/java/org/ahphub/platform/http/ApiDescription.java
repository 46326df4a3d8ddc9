package org.ahphub.platform.http;

import io.vertx.ext.web.Router;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * A service's OpenAPI 3.1 document, written by hand as a classpath resource and served as it is at
 * {@value #PATH}. Loaded at start-up: a missing document fails fast.
 */
public final class ApiDescription {

  public static final String PATH = "/openapi.yaml";
  public static final String CONTENT_TYPE = "application/yaml; charset=utf-8";

  private final String document;

  public ApiDescription(String resource) {
    this.document = load(resource);
  }

  public static String load(String resource) {
    try (InputStream in = ApiDescription.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("the API description " + resource + " is not on the classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public void mount(Router router) {
    router.get(PATH).handler(ctx -> ctx.response().putHeader("Content-Type", CONTENT_TYPE)
        .putHeader("Cache-Control", "max-age=300").end(document));
  }
}
