-- New learning records ($1 statement keys, $2 people, $3 the ids the organisations posted, $4 authorities' names,
-- $5 their organisations, $6 the identifiers the statements named the people by, $7 verbs, $8 when). A statement
-- is listed once: a redelivery (which processed_event already stops) changes nothing.
INSERT INTO mapper.learning_record (statement_key, person_id, lrs_statement_id, source_organisation,
                                    source_organisation_id, identifier_key, verb, achieved_at)
SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::uuid[], $6::text[], $7::text[],
                     $8::timestamptz[])
ON CONFLICT (statement_key) DO NOTHING
