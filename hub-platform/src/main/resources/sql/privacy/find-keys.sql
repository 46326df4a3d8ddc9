SELECT kid, sealed_key FROM privacy.subject_key WHERE kid = ANY ($1::text[]) AND sealed_key IS NOT NULL
