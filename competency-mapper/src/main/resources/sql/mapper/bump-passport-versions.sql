-- Each person's passport ($1, in a fixed order so concurrent writers lock alike) moves on by $2 versions,
-- one per change; a new passport starts at $2. Returns the version after the last change.
INSERT INTO mapper.passport (person_id, version)
SELECT * FROM unnest($1::uuid[], $2::bigint[])
ON CONFLICT (person_id) DO UPDATE SET version = mapper.passport.version + EXCLUDED.version, updated_at = now()
RETURNING person_id, version
