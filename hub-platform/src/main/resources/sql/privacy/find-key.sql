SELECT sealed_key FROM privacy.subject_key WHERE kid = $1 AND sealed_key IS NOT NULL
