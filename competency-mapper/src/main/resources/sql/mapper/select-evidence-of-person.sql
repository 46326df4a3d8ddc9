-- A person's evidence; lrs_statement_id is the id to show (rows written before V20 are keyed by that id).
SELECT competency_number, stage, statement_id, coalesce(lrs_statement_id, statement_id) AS lrs_statement_id,
       rule_id, rule_version, source_organisation, source_organisation_id, evidence_kind,
       achieved_at, credited_at, basis, confidence, valid_from, valid_until
FROM mapper.evidence
WHERE person_id = $1
ORDER BY competency_number, stage, achieved_at, statement_id
