-- Statements that name one of the agents $1 (link hashes) other than as their actor (an instructor, a team member,
-- the object, the authority): other people's records, which erasure keeps with the person's name taken out.
SELECT s.seq, s.payload::text AS payload
FROM lrs.statement s
WHERE s.seq IN (SELECT a.statement_seq FROM lrs.statement_agent a
                WHERE a.authority_org = ANY (lrs.link_organisations()) AND a.agent_hash = ANY ($1::uuid[]))
