SELECT id, merged_into FROM mapper.person WHERE id = $1
