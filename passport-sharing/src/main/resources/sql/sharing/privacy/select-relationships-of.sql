SELECT r.id, r.organisation_id, o.name AS organisation, r.kind, r.status, r.starts_at, r.ends_at, r.created_at,
       r.decided_at
FROM mapper.relationship r LEFT JOIN identity.organisation o ON o.id = r.organisation_id
WHERE r.person_id = ANY ($1::uuid[]) OR r.identifier_key = ANY ($2::text[])
ORDER BY r.created_at
