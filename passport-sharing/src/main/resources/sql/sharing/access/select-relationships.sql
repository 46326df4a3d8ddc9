-- An organisation's relationships; one recorded by identifier shows its person once a statement has named them.
SELECT r.id, r.organisation_id, COALESCE(r.person_id, i.person_id) AS person_id, r.identifier_key, r.kind,
       r.starts_at, r.ends_at, r.created_at
FROM mapper.relationship r
LEFT JOIN mapper.person_identifier i ON i.identifier_key = r.identifier_key
WHERE r.organisation_id = $1
ORDER BY r.created_at
