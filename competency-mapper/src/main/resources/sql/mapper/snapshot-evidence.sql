SELECT person_id, competency_number, stage, statement_id, coalesce(lrs_statement_id, statement_id) AS lrs_statement_id,
       rule_id, rule_version, source_organisation, source_organisation_id, evidence_kind,
       achieved_at, basis, confidence, valid_from, valid_until
FROM mapper.evidence
ORDER BY person_id, competency_number, stage, statement_id
