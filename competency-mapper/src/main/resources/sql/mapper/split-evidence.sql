-- Undoing a merge: the survivor's ($1) evidence that came in under the restored person's identifiers ($3) goes
-- back to the restored person ($2); returns what the restored person gained.
WITH moved AS (
  DELETE FROM mapper.evidence WHERE person_id = $1 AND identifier_key = ANY($3::text[])
  RETURNING competency_number, stage, statement_id, lrs_statement_id, rule_id, rule_version, source_organisation,
            source_organisation_id, evidence_kind, achieved_at, credited_at, basis, confidence, valid_from, valid_until,
            identifier_key
)
INSERT INTO mapper.evidence (person_id, competency_number, stage, statement_id, lrs_statement_id, rule_id,
                             rule_version, source_organisation, source_organisation_id, evidence_kind, achieved_at,
                             credited_at, basis, confidence, valid_from, valid_until, identifier_key)
SELECT $2, competency_number, stage, statement_id, lrs_statement_id, rule_id, rule_version, source_organisation,
       source_organisation_id, evidence_kind, achieved_at, credited_at, basis, confidence, valid_from, valid_until,
       identifier_key
FROM moved
ON CONFLICT DO NOTHING
RETURNING competency_number, stage, statement_id, coalesce(lrs_statement_id, statement_id) AS lrs_statement_id,
          rule_id, rule_version, source_organisation, source_organisation_id, evidence_kind, achieved_at, basis,
          confidence, valid_from, valid_until
