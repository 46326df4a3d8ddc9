SELECT identifier_key, person_id, organisation_id FROM mapper.person_link ORDER BY linked_at, identifier_key
