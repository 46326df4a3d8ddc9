-- Evidence of voided statements ($1).
DELETE FROM mapper.evidence WHERE statement_id = ANY($1::uuid[])
