SELECT person_id, scope, stage FROM mapper.attainment WHERE person_id = ANY($1::uuid[])
