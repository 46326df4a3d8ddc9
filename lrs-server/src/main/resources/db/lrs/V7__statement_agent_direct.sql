-- Statements about an agent (related_agents false) read the agent's actor and object rows only. In the
-- primary key those sit among every other relation, above all the authority rows: a credential's
-- authority is on every statement it stored, so asking for statements about that agent read millions
-- of rows to return none. This index holds the actor and object rows alone, in seq order.
CREATE INDEX statement_agent_direct ON statement_agent (agent_key, statement_seq) WHERE relation IN ('actor', 'object');
