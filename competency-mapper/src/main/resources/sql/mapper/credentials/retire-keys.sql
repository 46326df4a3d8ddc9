UPDATE mapper.signing_key SET retired_at = now() WHERE retired_at IS NULL AND kid <> $1
