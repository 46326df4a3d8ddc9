-- Every document of a kind for one activity/agent/registration (State: DELETE without stateId), in one
-- organisation's store ($1).
DELETE FROM lrs.document
WHERE organisation = $1 AND kind = $2 AND activity_id = $3 AND agent_key = $4 AND registration = $5
