-- The tombstone: who, when, why and which parts ran; nothing that names the person.
UPDATE privacy.erasure SET status = 'erased', erased_at = now(), person_id = NULL, sealed_subject = NULL
WHERE id = $1 AND status = 'erasing'
RETURNING *
