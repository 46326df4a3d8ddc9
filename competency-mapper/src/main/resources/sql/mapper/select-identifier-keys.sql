-- The identifier keys a person ($1) holds now.
SELECT identifier_key FROM mapper.person_identifier WHERE person_id = $1 ORDER BY identifier_key
