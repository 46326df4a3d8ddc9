-- The pieces of evidence of these statements (keys, $1) and who holds them: what a void of them retracts.
SELECT statement_id, person_id, competency_number, stage, valid_until
FROM mapper.evidence
WHERE statement_id = ANY($1::uuid[])
