SELECT identifier_key, person_id FROM mapper.person_identifier WHERE identifier_key = ANY($1::text[])
