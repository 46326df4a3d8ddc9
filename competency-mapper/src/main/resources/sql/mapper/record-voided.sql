-- Voided statements ($1) and the statements voiding them ($2), by key; a void recorded earlier wins.
INSERT INTO mapper.voided_statement (statement_id, voided_by)
SELECT * FROM unnest($1::uuid[], $2::uuid[])
ON CONFLICT DO NOTHING
