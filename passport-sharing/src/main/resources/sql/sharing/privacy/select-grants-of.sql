SELECT g.id, g.organisation_id, o.name AS organisation, g.scopes, g.expires_at, g.revoked_at, g.created_at
FROM mapper.person_grant g LEFT JOIN identity.organisation o ON o.id = g.organisation_id
WHERE g.person_id = ANY ($1::uuid[])
ORDER BY g.created_at
