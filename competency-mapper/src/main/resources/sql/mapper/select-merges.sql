SELECT id, survivor_id, merged_id, merged_by, merged_at, undone_at
FROM mapper.person_merge
WHERE survivor_id = $1 OR merged_id = $1
ORDER BY merged_at DESC, id
LIMIT 200
