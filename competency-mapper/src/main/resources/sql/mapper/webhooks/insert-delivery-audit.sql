INSERT INTO mapper.audit_event (person_id, organisation_id, organisation, action, detail)
SELECT $1, $2, o.name, 'webhook.delivered', $3
FROM (SELECT 1) one LEFT JOIN identity.organisation o ON o.id = $2
