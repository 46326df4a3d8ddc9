-- A page of the statements whose actor is one of the agents $1 (link hashes, LinkKeys): the agent itself or a
-- member of a group that is the actor. Every actor has such a row (StatementIndex), and the rows are indexed
-- (statement_agent_direct, per organisation since V53: link_organisations() lists them), so this reads the person's
-- statements only. Keyset paging by seq after $2, $3 a page.
SELECT s.seq, s.authority_org, s.stored, s.voided, s.payload::text AS payload
FROM lrs.statement s
WHERE s.seq IN (SELECT a.statement_seq FROM lrs.statement_agent a
                WHERE a.authority_org = ANY (lrs.link_organisations()) AND a.agent_hash = ANY ($1::uuid[])
                  AND a.relation = 'actor' AND a.statement_seq > $2
                ORDER BY a.statement_seq LIMIT $3)
ORDER BY s.seq
