-- Erasure: what is left of the person in the LRS once their statements are gone: their link rows ($1 link hashes),
-- documents about them (State, Agent Profile; $2 identifier keys) and the Person the mapper published ($3 ids).
WITH agents AS (
  DELETE FROM lrs.statement_agent
  WHERE authority_org = ANY (lrs.link_organisations()) AND agent_hash = ANY ($1::uuid[])
), documents AS (
  DELETE FROM lrs.document WHERE agent_key = ANY ($2::text[])
)
DELETE FROM lrs.person_identifier WHERE person_id = ANY ($3::uuid[]) OR identifier_key = ANY ($2::text[])
