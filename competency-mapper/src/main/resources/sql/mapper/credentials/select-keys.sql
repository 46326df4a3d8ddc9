SELECT kid, private_jwk, public_jwk, retired_at FROM mapper.signing_key ORDER BY created_at
