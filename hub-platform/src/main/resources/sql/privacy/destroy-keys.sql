UPDATE privacy.subject_key SET sealed_key = NULL, destroyed_at = now()
WHERE kid = ANY($1::text[]) AND sealed_key IS NOT NULL
RETURNING kid
