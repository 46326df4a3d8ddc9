-- Person $2 accepts or declines ($3) a proposal naming them, by person id or by one of their identifiers;
-- an accepted relationship is bound to the person who accepted it. Not yet ended, not decided before.
UPDATE mapper.relationship r SET status = $3, decided_at = now(), person_id = $2
WHERE r.id = $1 AND r.status = 'proposed' AND (r.ends_at IS NULL OR r.ends_at > now())
  AND (r.person_id = $2
       OR (r.person_id IS NULL
           AND r.identifier_key IN (SELECT i.identifier_key FROM mapper.person_identifier i WHERE i.person_id = $2)))
RETURNING id, organisation_id, person_id, identifier_key, kind, starts_at, ends_at, created_at, status, decided_at
