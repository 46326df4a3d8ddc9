DELETE FROM mapper.evidence WHERE statement_id = $1
RETURNING person_id, competency_number, stage
