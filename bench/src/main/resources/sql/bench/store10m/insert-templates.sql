-- The seed statements as the LRS stored them ($1 their ids), as templates: the statement row and its link rows, each
-- with the part it plays in the statement (the template's actor, object, parent and category are replaced).
WITH t AS (
  INSERT INTO bench.template (seq, org, verb_id, payload)
  SELECT s.seq, o.n, s.verb_id, s.payload
  FROM lrs.statement s JOIN bench.organisation o ON o.id = s.authority_org
  WHERE s.id = ANY ($1::uuid[])
  RETURNING seq
), a AS (
  INSERT INTO bench.template_agent (template_seq, agent_hash, relation, role)
  SELECT a.statement_seq, a.agent_hash, a.relation, CASE a.relation WHEN 'actor' THEN 'actor' ELSE 'fixed' END
  FROM lrs.statement_agent a JOIN t ON t.seq = a.statement_seq
)
INSERT INTO bench.template_activity (template_seq, activity_hash, relation, role)
SELECT x.statement_seq, x.activity_hash, x.relation,
       CASE WHEN x.relation IN ('object', 'parent', 'category') THEN x.relation ELSE 'fixed' END
FROM lrs.statement_activity x JOIN t ON t.seq = x.statement_seq
