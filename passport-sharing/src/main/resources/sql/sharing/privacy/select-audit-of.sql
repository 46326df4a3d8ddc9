SELECT seq, organisation_id, organisation, action, detail, at
FROM mapper.audit_event WHERE person_id = ANY ($1::uuid[])
ORDER BY seq
