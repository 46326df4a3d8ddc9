INSERT INTO mapper.webhook_subscription (id, organisation_id, url, description, event_types, person_ids, domains, stages, secret)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
RETURNING *
