-- The open merge of person $2 into the person $1 resolves to (directly, or through a later merge of the survivor),
-- locked for undoing.
SELECT m.id, m.identifier_keys, m.merged_passport_version, m.moved_consent, p.merged_into AS survivor_id
FROM mapper.person_merge m
JOIN mapper.person p ON p.id = m.merged_id
WHERE m.merged_id = $2 AND m.undone_at IS NULL
  AND p.merged_into = (SELECT coalesce(s.merged_into, s.id) FROM mapper.person s WHERE s.id = $1)
FOR UPDATE OF m
