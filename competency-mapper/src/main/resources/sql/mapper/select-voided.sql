-- Which of these statements (keys, $1) a void seen earlier has retracted.
SELECT statement_id FROM mapper.voided_statement WHERE statement_id = ANY($1::uuid[])
