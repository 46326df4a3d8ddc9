-- Moves a merged person's learning records ($1) to the surviving person ($2), as merge-evidence.sql moves evidence.
UPDATE mapper.learning_record SET person_id = $2 WHERE person_id = $1
