-- The attachments $1 that no statement carries any more. An erasure is rare; this reads the statement table once.
DELETE FROM lrs.attachment a
WHERE a.sha2 = ANY ($1::text[])
  AND NOT EXISTS (SELECT 1 FROM lrs.statement s
                  WHERE s.payload @> jsonb_build_object('attachments', jsonb_build_array(jsonb_build_object('sha2', a.sha2))))
