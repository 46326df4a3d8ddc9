-- Every identifier of the person identifier key $1 belongs to, its own included; no rows when the LRS
-- has not heard of it.
SELECT other.identifier_key, other.identifier
FROM lrs.person_identifier mine
JOIN lrs.person_identifier other ON other.person_id = mine.person_id
WHERE mine.identifier_key = $1
ORDER BY other.identifier_key
