SELECT c.key, c.secret_hash, c.scopes, o.id AS organisation_id, o.name AS organisation_name, o.home_page
FROM identity.credential c
JOIN identity.organisation o ON o.id = c.organisation_id
WHERE c.key = $1 AND c.revoked_at IS NULL
