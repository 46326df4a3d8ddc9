-- Erasure: the statements whose actor is one of the agents $1 (link hashes), as select-statements-of.sql finds
-- them. Returns the attachments (sha2) they carried, which go too unless another statement carries them.
WITH target AS (
  SELECT DISTINCT a.statement_seq AS seq FROM lrs.statement_agent a
  WHERE a.authority_org = ANY (lrs.link_organisations()) AND a.agent_hash = ANY ($1::uuid[]) AND a.relation = 'actor'
), gone AS (
  DELETE FROM lrs.statement s USING target t WHERE s.seq = t.seq
  RETURNING s.payload -> 'attachments' AS attachments
)
SELECT DISTINCT x ->> 'sha2' AS sha2
FROM gone, jsonb_array_elements(CASE jsonb_typeof(gone.attachments) WHEN 'array' THEN gone.attachments ELSE '[]' END) x
WHERE x ->> 'sha2' IS NOT NULL
