SELECT id FROM mapper.person WHERE id = $1
