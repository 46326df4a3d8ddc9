-- The link rows are written by the same SQL statement as the statement they point at
-- (store-statements.sql) and never deleted, so the foreign keys guarded nothing, while their
-- per-row checks (a lookup and a row lock on the statement) and the indexes on statement_seq they
-- needed tripled the cost of writing the link rows. Every query reaches the link tables through
-- their primary keys (agent or activity first, then seq).
ALTER TABLE statement_agent DROP CONSTRAINT statement_agent_statement_seq_fkey;
ALTER TABLE statement_activity DROP CONSTRAINT statement_activity_statement_seq_fkey;
DROP INDEX statement_agent_statement;
DROP INDEX statement_activity_statement;
