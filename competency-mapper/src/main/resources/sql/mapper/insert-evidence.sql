-- New evidence ($4 statement keys, $14 the ids the organisations posted, $15 their organisations, $16 the
-- identifiers the statements named the people by), one row per array position (unnest in the select list streams the arrays, see the platform's
-- sql/outbox/insert.sql), and each person's holding of those competency x stages brought up to date (V17).
-- A conflict cannot happen (processed_event admits a statement once); DO NOTHING keeps a redelivery from
-- failing the poll if it ever did. Holdings are written in key order, as refresh-holding.sql does.
WITH inserted AS (
  INSERT INTO mapper.evidence (person_id, competency_number, stage, statement_id, rule_id, rule_version,
                               source_organisation, evidence_kind, achieved_at, basis, confidence, valid_from,
                               valid_until, lrs_statement_id, source_organisation_id, identifier_key)
  SELECT unnest($1::uuid[]), unnest($2::text[]), unnest($3::text[]), unnest($4::uuid[]), unnest($5::text[]),
         unnest($6::int[]), unnest($7::text[]), unnest($8::text[]), unnest($9::timestamptz[]), unnest($10::text[]),
         unnest($11::float8[]), unnest($12::timestamptz[]), unnest($13::timestamptz[]), unnest($14::uuid[]),
         unnest($15::uuid[]), unnest($16::text[])
  ON CONFLICT DO NOTHING
  RETURNING person_id, competency_number, stage, valid_until
)
INSERT INTO mapper.holding AS h (person_id, competency_number, stage, valid_until)
SELECT person_id, competency_number, stage,
       CASE WHEN bool_or(valid_until IS NULL) THEN NULL ELSE max(valid_until) END
FROM inserted
GROUP BY person_id, competency_number, stage
ORDER BY person_id, competency_number, stage
ON CONFLICT (person_id, competency_number, stage) DO UPDATE SET valid_until =
  CASE WHEN h.valid_until IS NULL OR EXCLUDED.valid_until IS NULL THEN NULL
       ELSE greatest(h.valid_until, EXCLUDED.valid_until) END
