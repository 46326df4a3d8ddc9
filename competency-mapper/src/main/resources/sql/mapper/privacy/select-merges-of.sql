SELECT id, survivor_id, merged_id, merged_by, organisation_id, merged_at, undone_at
FROM mapper.person_merge WHERE survivor_id = ANY ($1::uuid[]) OR merged_id = ANY ($1::uuid[])
ORDER BY merged_at
