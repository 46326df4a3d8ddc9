-- The consent (ids of relationships, grants, share codes) merge $1 moved to the survivor, to move back on undo.
UPDATE mapper.person_merge SET moved_consent = $2 WHERE id = $1
