-- Person $2 ends a relationship they accepted: the organisation stops seeing them now.
UPDATE mapper.relationship SET ends_at = GREATEST(starts_at, now())
WHERE id = $1 AND person_id = $2 AND status = 'accepted' AND (ends_at IS NULL OR ends_at > now())
RETURNING id, organisation_id, person_id, identifier_key, kind, starts_at, ends_at, created_at, status, decided_at
