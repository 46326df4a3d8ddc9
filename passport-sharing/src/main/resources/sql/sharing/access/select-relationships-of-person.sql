-- Every relationship naming the person, directly or through one of their linked identifiers.
SELECT r.id, r.organisation_id, $1::uuid AS person_id, r.identifier_key, r.kind, r.starts_at, r.ends_at, r.created_at
FROM mapper.relationship r
WHERE r.person_id = $1
   OR r.identifier_key IN (SELECT identifier_key FROM mapper.person_identifier WHERE person_id = $1)
ORDER BY r.starts_at, r.created_at
