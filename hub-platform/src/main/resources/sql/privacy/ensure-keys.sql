-- The keys of subjects $1 (kids), creating $2 (sealed new keys) where a subject has none, or had one destroyed:
-- data that arrives after an erasure gets a new key, and what was sealed before stays unreadable.
INSERT INTO privacy.subject_key AS k (kid, sealed_key)
SELECT * FROM unnest($1::text[], $2::text[])
ON CONFLICT (kid) DO UPDATE
  SET sealed_key = coalesce(k.sealed_key, EXCLUDED.sealed_key), destroyed_at = NULL
RETURNING kid, sealed_key
