-- Every relationship naming the person: accepted ones bound to them, and proposals made by their id or by
-- one of their linked identifiers (which they may accept or decline).
SELECT r.id, r.organisation_id, $1::uuid AS person_id, r.identifier_key, r.kind, r.starts_at, r.ends_at,
       r.created_at, r.status, r.decided_at
FROM mapper.relationship r
WHERE r.person_id = $1
   OR (r.person_id IS NULL
       AND r.identifier_key IN (SELECT identifier_key FROM mapper.person_identifier WHERE person_id = $1))
ORDER BY r.starts_at, r.created_at
