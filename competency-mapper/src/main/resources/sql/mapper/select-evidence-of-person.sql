-- A person's evidence; lrs_statement_id is the id to show (rows written before V20 are keyed by that id), with
-- what its statement said in words (V62; none for statements credited before) and its kind (V63).
SELECT e.competency_number, e.stage, e.statement_id, coalesce(e.lrs_statement_id, e.statement_id) AS lrs_statement_id,
       e.rule_id, e.rule_version, e.source_organisation, e.source_organisation_id, e.evidence_kind,
       e.achieved_at, e.credited_at, e.basis, e.confidence, e.valid_from, e.valid_until,
       d.statement_key AS detail_key, d.activity_iri, d.activity_name, d.platform, d.success, d.completion,
       d.score_scaled, d.subjects ->> e.competency_number AS training_subject, d.kind, d.assessor_role
FROM mapper.evidence e
LEFT JOIN mapper.statement_detail d ON d.statement_key = e.statement_id
WHERE e.person_id = $1
ORDER BY e.competency_number, e.stage, e.achieved_at, e.statement_id
