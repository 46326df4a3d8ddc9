SELECT scope, stage FROM mapper.attainment WHERE person_id = $1
