UPDATE mapper.webhook_subscription
SET url = $3, description = $4, event_types = $5, person_ids = $6, domains = $7, stages = $8, updated_at = now()
WHERE id = $1 AND organisation_id = $2
RETURNING *
