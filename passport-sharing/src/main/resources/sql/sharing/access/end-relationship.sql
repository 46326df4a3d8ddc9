-- The organisation ($2; null: the operator) ends a relationship or withdraws a proposal.
UPDATE mapper.relationship SET ends_at = GREATEST(starts_at, $3)
WHERE id = $1 AND ($2::uuid IS NULL OR organisation_id = $2)
RETURNING id, organisation_id, person_id, identifier_key, kind, starts_at, ends_at, created_at, status, decided_at
