-- Statements keyed by (organisation, id) (issue 16, "Tenancy in the LRS"). The LRS keeps statement ids unique
-- per organisation and applies a void only within the organisation that stored it; each lrs.statements event
-- names that organisation (CloudEvents extension attribute "organisation"). The mapper now names a statement
-- by its key, the name-based UUID of organisation and id (org.ahphub.mapper.messages.StatementKey), or the
-- id alone for an event without an organisation (so every row written before this version keeps its key).
-- processed_event.event_id, voided_statement (both columns) and evidence.statement_id hold keys from now on.
--
-- Evidence also records what is shown and who contributed it: the id the organisation posted (what a passport
-- and passport.updates show; null on rows written before this version, whose key is that id) and the
-- organisation that stored the statement (null when unknown). Adding nullable columns without a default
-- rewrites nothing.
ALTER TABLE evidence
  ADD COLUMN lrs_statement_id       uuid,
  ADD COLUMN source_organisation_id uuid;

COMMENT ON COLUMN processed_event.event_id IS
  'the statement key (org.ahphub.mapper.messages.StatementKey): a redelivered event changes nothing';
COMMENT ON COLUMN voided_statement.statement_id IS 'key of the voided statement, in the voiding statement''s organisation';
COMMENT ON COLUMN voided_statement.voided_by IS 'key of the voiding statement';
COMMENT ON COLUMN evidence.statement_id IS 'key of the crediting statement (organisation and id)';
COMMENT ON COLUMN evidence.lrs_statement_id IS 'the statement id the organisation posted; null: equal to statement_id';
COMMENT ON COLUMN evidence.source_organisation IS 'name of the statement''s authority';
COMMENT ON COLUMN evidence.source_organisation_id IS 'the organisation whose LRS store holds the statement; null: unknown';
