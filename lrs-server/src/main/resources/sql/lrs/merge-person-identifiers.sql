-- Person $1 was merged into $2 at identity version $3: its identifiers that no later version has moved go
-- to the survivor (the survivor's own snapshot, with the same version, may come before or after this).
UPDATE lrs.person_identifier SET person_id = $2, identity_version = $3, updated_at = now()
WHERE person_id = $1 AND identity_version < $3
