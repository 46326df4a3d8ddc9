package org.ahphub.platform.http;

import io.vertx.ext.web.RoutingContext;
import java.util.UUID;

/** Reading path parameters; a malformed one is a 400 that names it. */
public final class PathParameters {

  private PathParameters() {}

  /** A UUID path parameter, or 400 naming it. */
  public static UUID uuid(RoutingContext ctx, String name) {
    try {
      return UUID.fromString(ctx.pathParam(name));
    } catch (IllegalArgumentException e) {
      throw new ApiError(400, name + " must be a UUID");
    }
  }
}
