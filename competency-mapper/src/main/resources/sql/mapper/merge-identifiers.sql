UPDATE mapper.person_identifier SET person_id = $2 WHERE person_id = $1
