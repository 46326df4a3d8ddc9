SELECT n.name, n.identifier_key, n.organisation_id, n.source AS stated_by, n.stated_at, n.statement_id
FROM mapper.person_name n
WHERE n.person_id = ANY ($1::uuid[]) OR n.identifier_key = ANY ($2::text[])
ORDER BY n.stated_at
