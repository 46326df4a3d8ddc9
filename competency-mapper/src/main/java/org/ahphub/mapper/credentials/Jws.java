package org.ahphub.mapper.credentials;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import io.vertx.core.json.JsonObject;
import java.util.UUID;

/** ES256 compact JWS of a credential (VC-JOSE: the payload is the credential, typ {@code vc+jwt}). */
public final class Jws {

  public static final JOSEObjectType VC_JWT = new JOSEObjectType("vc+jwt");

  private Jws() {}

  public static ECKey newKey() {
    try {
      return new ECKeyGenerator(Curve.P_256).keyID("hub-" + UUID.randomUUID()).algorithm(JWSAlgorithm.ES256)
          .keyUse(com.nimbusds.jose.jwk.KeyUse.SIGNATURE).generate();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  public static String sign(JsonObject payload, ECKey key) {
    try {
      JWSObject jws = new JWSObject(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID()).type(VC_JWT).build(),
          new Payload(payload.encode()));
      jws.sign(new ECDSASigner(key));
      return jws.serialize();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }
}
