-- A person's learning records ($1), newest first, with what their statements said in words.
SELECT l.statement_key, l.lrs_statement_id, l.source_organisation, l.source_organisation_id, l.verb, l.achieved_at,
       l.recorded_at, d.statement_key AS detail_key, d.activity_iri, d.activity_name, d.platform, d.success,
       d.completion, d.score_scaled, d.kind, d.assessor_role
FROM mapper.learning_record l
LEFT JOIN mapper.statement_detail d ON d.statement_key = l.statement_key
WHERE l.person_id = $1
ORDER BY l.achieved_at DESC, l.statement_key
