INSERT INTO mapper.audit_event (person_id, organisation_id, organisation, action, detail) VALUES ($1, $2, $3, $4, $5)
