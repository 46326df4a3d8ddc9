-- Learning records of voided statements (keys, $1).
DELETE FROM mapper.learning_record WHERE statement_key = ANY($1::uuid[])
