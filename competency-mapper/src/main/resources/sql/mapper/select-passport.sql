SELECT p.version, p.updated_at FROM mapper.passport p WHERE p.person_id = $1
