-- A statement by id in one organisation's store ($2); with $3, only if that credential stored it
-- (statements/read/mine).
SELECT payload::text AS payload, voided, stored FROM lrs.statement
WHERE authority_org = $2 AND id = $1 AND ($3::text IS NULL OR authority_key = $3)
