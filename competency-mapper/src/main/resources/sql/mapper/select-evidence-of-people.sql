SELECT person_id, competency_number, stage, statement_id, rule_id, rule_version, source_organisation, evidence_kind,
       achieved_at, credited_at, basis, confidence, valid_from, valid_until
FROM mapper.evidence
WHERE person_id = ANY($1::uuid[])
ORDER BY person_id, competency_number, stage, achieved_at, statement_id
