package org.ahphub.mapper;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import java.util.Optional;
import org.ahphub.mapper.credentials.CredentialConfig;
import org.ahphub.mapper.credentials.CredentialIssuer;
import org.ahphub.mapper.credentials.pg.PgIssuedCredentialStore;
import org.ahphub.mapper.framework.Framework;
import org.ahphub.mapper.http.CredentialRoutes;
import org.ahphub.mapper.service.PassportService;
import org.ahphub.platform.crypto.SecretBox;
import org.ahphub.platform.http.ApiRoutes;
import org.ahphub.sharing.PassportReader;
import org.ahphub.sharing.access.PassportAccess;

/** Wiring for verifiable credentials: the issuer on its keys and store, and its routes. */
final class CredentialsWiring {

  final CredentialIssuer issuer;

  CredentialsWiring(Pool pool, CredentialConfig config, Framework framework) {
    SecretBox box = SecretBox.fromConfig(config.keyEncryptionKey());
    this.issuer = new CredentialIssuer(framework, new PgIssuedCredentialStore(pool, box), config.publicUrl());
  }

  /** Loads the signing keys, creating the first on a new hub. */
  Future<Void> start() {
    return issuer.start();
  }

  /** The passports as shown: each competency x stage whose credential an operator revoked says so. */
  PassportReader shownPassports(PassportService passports) {
    return personId -> issuer.shown(personId, passports::passport);
  }

  ApiRoutes routes(PassportService passports, PassportAccess access, Handler<RoutingContext> learnerAuthentication) {
    return new CredentialRoutes(issuer, passports, access, learnerAuthentication);
  }
}
