INSERT INTO mapper.signing_key (kid, private_jwk, public_jwk) VALUES ($1, $2, $3)
