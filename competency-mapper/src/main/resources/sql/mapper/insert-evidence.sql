INSERT INTO mapper.evidence (person_id, competency_number, stage, statement_id, rule_id, rule_version,
                             source_organisation, evidence_kind, achieved_at, basis, confidence, valid_from,
                             valid_until)
SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::uuid[], $5::text[], $6::int[], $7::text[], $8::text[],
                     $9::timestamptz[], $10::text[], $11::float8[], $12::timestamptz[], $13::timestamptz[])
ON CONFLICT DO NOTHING
RETURNING competency_number, stage
