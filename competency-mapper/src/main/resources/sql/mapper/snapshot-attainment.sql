SELECT person_id, scope, stage FROM mapper.attainment ORDER BY person_id, scope, stage
