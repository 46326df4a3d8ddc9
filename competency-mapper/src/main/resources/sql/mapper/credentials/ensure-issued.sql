-- The live credential for this person x competency x stage, created when there is none.
WITH inserted AS (
  INSERT INTO mapper.issued_credential (id, person_id, competency_number, stage, valid_from)
  VALUES ($1, $2, $3, $4, $5)
  ON CONFLICT (person_id, competency_number, stage) WHERE revoked_at IS NULL DO NOTHING
  RETURNING id, status_index, valid_from, issued_at
)
SELECT id, status_index, valid_from, issued_at FROM inserted
UNION ALL
SELECT id, status_index, valid_from, issued_at FROM mapper.issued_credential
WHERE person_id = $2 AND competency_number = $3 AND stage = $4 AND revoked_at IS NULL
LIMIT 1
