SELECT person_id, competency_number, stage, statement_id, lrs_statement_id, rule_id, rule_version,
       source_organisation, source_organisation_id, evidence_kind, basis, confidence, achieved_at, credited_at,
       valid_from, valid_until, identifier_key
FROM mapper.evidence WHERE person_id = ANY ($1::uuid[])
ORDER BY achieved_at, competency_number, stage
