-- A person's learning records (learning that credited nothing, and assessed practice), with what their statements
-- said in words; $1 the person and the records joined into it.
SELECT l.person_id, l.statement_key, l.lrs_statement_id, l.source_organisation, l.source_organisation_id,
       l.identifier_key, l.verb, l.achieved_at, l.recorded_at, d.kind, d.assessor_role, d.activity_iri,
       d.activity_name, d.platform, d.success, d.completion, d.score_scaled
FROM mapper.learning_record l
LEFT JOIN mapper.statement_detail d ON d.statement_key = l.statement_key
WHERE l.person_id = ANY ($1::uuid[])
ORDER BY l.achieved_at, l.statement_key
