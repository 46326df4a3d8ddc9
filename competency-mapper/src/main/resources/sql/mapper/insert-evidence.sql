-- New evidence, one row per array position (unnest in the select list streams the arrays, see the platform's sql/outbox/insert.sql).
-- A conflict cannot happen (processed_event admits a statement once); DO NOTHING keeps a redelivery from
-- failing the poll if it ever did.
INSERT INTO mapper.evidence (person_id, competency_number, stage, statement_id, rule_id, rule_version,
                             source_organisation, evidence_kind, achieved_at, basis, confidence, valid_from,
                             valid_until)
SELECT unnest($1::uuid[]), unnest($2::text[]), unnest($3::text[]), unnest($4::uuid[]), unnest($5::text[]),
       unnest($6::int[]), unnest($7::text[]), unnest($8::text[]), unnest($9::timestamptz[]), unnest($10::text[]),
       unnest($11::float8[]), unnest($12::timestamptz[]), unnest($13::timestamptz[])
ON CONFLICT DO NOTHING
