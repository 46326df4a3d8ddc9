package org.ahphub.platform.http;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import org.ahphub.platform.identity.BasicAuthenticator;
import org.ahphub.platform.identity.Principal;

/** Route handlers that authenticate the caller and require one of some scopes. */
public final class Authorization {

  private static final String PRINCIPAL = "principal";
  private final BasicAuthenticator authenticator;

  public Authorization(BasicAuthenticator authenticator) {
    this.authenticator = authenticator;
  }

  /** Authenticates with HTTP Basic and fails with 403 unless the credential has one of {@code scopes}. */
  public Handler<RoutingContext> requireAnyScope(String... scopes) {
    return ctx -> authenticator.authenticate(ctx.request().getHeader("Authorization"),
            ctx.request().remoteAddress() == null ? null : ctx.request().remoteAddress().hostAddress())
        .onSuccess(principal -> {
          if (!principal.hasAnyScope(scopes)) {
            ctx.fail(new ApiError(403, "this credential needs one of the scopes " + List.of(scopes)));
            return;
          }
          ctx.put(PRINCIPAL, principal);
          ctx.next();
        })
        .onFailure(ctx::fail);
  }

  public static Principal principal(RoutingContext ctx) {
    return ctx.get(PRINCIPAL);
  }
}
