-- Whose learning records these statements (keys, $1) are: the people a void of them changes.
SELECT statement_key, person_id FROM mapper.learning_record WHERE statement_key = ANY($1::uuid[])
