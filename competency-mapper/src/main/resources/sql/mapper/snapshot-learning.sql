SELECT l.person_id, l.statement_key, l.lrs_statement_id, l.source_organisation, l.source_organisation_id, l.verb,
       l.achieved_at, d.kind, d.assessor_role
FROM mapper.learning_record l
LEFT JOIN mapper.statement_detail d ON d.statement_key = l.statement_key
ORDER BY l.person_id, l.statement_key
