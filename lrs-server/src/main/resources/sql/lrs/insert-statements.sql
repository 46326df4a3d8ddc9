INSERT INTO lrs.statement (id, stored, payload, learner_key, verb_id, object_activity_id, registration, voids,
                           authority_org, authority_key, ref_id)
SELECT * FROM unnest($1::uuid[], $2::timestamptz[], $3::jsonb[], $4::text[], $5::text[], $6::text[], $7::uuid[],
                     $8::uuid[], $9::uuid[], $10::text[], $11::uuid[])
ON CONFLICT (id) DO NOTHING
RETURNING id, seq
