-- Evidence of voided statements (keys, $1).
DELETE FROM mapper.evidence WHERE statement_id = ANY($1::uuid[])
