-- Who holds evidence of these statements ($1): the people a void of them changes.
SELECT DISTINCT statement_id, person_id FROM mapper.evidence WHERE statement_id = ANY($1::uuid[])
