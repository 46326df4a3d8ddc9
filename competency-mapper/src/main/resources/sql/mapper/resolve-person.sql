SELECT coalesce(p.merged_into, p.id) AS person_id FROM mapper.person p WHERE p.id = $1
