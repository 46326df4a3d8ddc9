-- The person $1 as erasure and export find them: the records joined into it (at any depth) and every identifier
-- key of them all. No row for an unknown person or one joined into another (their survivor is the one to name).
WITH RECURSIVE joined (id) AS (
  SELECT id FROM mapper.person WHERE id = $1 AND merged_into IS NULL
  UNION
  SELECT p.id FROM mapper.person p JOIN joined j ON p.merged_into = j.id
)
SELECT array_agg(j.id ORDER BY j.id = $1 DESC, j.id) AS person_ids,
       ARRAY(SELECT i.identifier_key FROM mapper.person_identifier i WHERE i.person_id IN (SELECT id FROM joined)
             ORDER BY i.identifier_key) AS identifier_keys
FROM joined j
HAVING count(*) > 0
