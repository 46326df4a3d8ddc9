SELECT count(*) AS remaining FROM mapper.evidence WHERE person_id = $1 AND competency_number = $2 AND stage = $3
