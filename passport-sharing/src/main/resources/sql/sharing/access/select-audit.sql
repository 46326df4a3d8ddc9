SELECT seq, organisation_id, organisation, action, detail, at FROM mapper.audit_event
WHERE person_id = $1 AND seq > $2 ORDER BY seq LIMIT $3
