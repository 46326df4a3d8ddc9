-- Undoing a merge: the survivor's ($1) learning records that came in under the restored person's identifiers ($3)
-- go back to the restored person ($2), as split-evidence.sql does with evidence.
UPDATE mapper.learning_record SET person_id = $2 WHERE person_id = $1 AND identifier_key = ANY($3::text[])
