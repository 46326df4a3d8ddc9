SELECT person_id FROM mapper.person_identifier WHERE identifier_key = $1
