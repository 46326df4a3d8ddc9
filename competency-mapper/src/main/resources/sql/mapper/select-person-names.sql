-- The names stated for a person ($1), through the identifiers the person holds now (merges followed), newest first.
SELECT n.name, n.organisation_id, n.source, n.identifier_key, n.stated_at
FROM mapper.person_identifier i
JOIN mapper.person_name n ON n.identifier_key = i.identifier_key
WHERE i.person_id = $1
ORDER BY n.stated_at DESC, n.organisation_id
