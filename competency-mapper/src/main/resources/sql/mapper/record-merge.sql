-- Before person $3 is merged into $2 (merge $1, by $4, organisation $5): what the merged person holds now, which
-- undoing the merge gives back.
INSERT INTO mapper.person_merge (id, survivor_id, merged_id, identifier_keys, merged_passport_version, merged_by,
                                 organisation_id)
SELECT $1, $2, $3,
       coalesce((SELECT array_agg(identifier_key ORDER BY identifier_key) FROM mapper.person_identifier
                 WHERE person_id = $3), '{}'),
       coalesce((SELECT version FROM mapper.passport WHERE person_id = $3), 0),
       $4, $5
RETURNING identifier_keys, merged_at
