SELECT competency_number, stage, statement_id, rule_id, rule_version, source_organisation, evidence_kind,
       achieved_at, credited_at, basis, confidence, valid_from, valid_until
FROM mapper.evidence
WHERE person_id = $1
ORDER BY competency_number, stage, achieved_at, statement_id
