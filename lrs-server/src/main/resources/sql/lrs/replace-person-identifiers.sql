-- Person $1's identifiers as of identity version $2 are exactly keys $3 (identifiers $4, in the same order).
-- A row written by a later version stays as it is, wherever it points, so snapshots of different people
-- may arrive in any order; applying one twice changes nothing.
WITH dropped AS (
  DELETE FROM lrs.person_identifier
  WHERE person_id = $1 AND identity_version < $2 AND identifier_key <> ALL ($3::text[])
)
INSERT INTO lrs.person_identifier (identifier_key, person_id, identifier, identity_version)
SELECT identifier_key, $1, identifier, $2
FROM unnest($3::text[], $4::jsonb[]) AS incoming (identifier_key, identifier)
ON CONFLICT (identifier_key) DO UPDATE
SET person_id = EXCLUDED.person_id, identifier = EXCLUDED.identifier,
    identity_version = EXCLUDED.identity_version, updated_at = now()
WHERE person_identifier.identity_version < EXCLUDED.identity_version
