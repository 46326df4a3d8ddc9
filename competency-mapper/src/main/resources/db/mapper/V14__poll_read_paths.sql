-- Read and write paths of the poll-batched mapper (issue "Competency mapper", throughput).

-- Each poll reads, for the people it touches, the latest end per competency x stage of their evidence
-- (select-validity-of-people.sql). With valid_until carried in the primary key's index that is an
-- index-only scan of each person's adjacent entries instead of a heap page per piece of evidence.
ALTER TABLE evidence
  DROP CONSTRAINT evidence_pkey,
  ADD CONSTRAINT evidence_pkey PRIMARY KEY (person_id, competency_number, stage, statement_id) INCLUDE (valid_until);
-- Index-only scans skip the heap only on pages the visibility map calls all-visible. Evidence is
-- insert-mostly: vacuum it after 2 % new rows rather than the default 20 %.
ALTER TABLE evidence SET (autovacuum_vacuum_insert_scale_factor = 0.02);

-- Passport events are written as JSON text and published as that text (the relay reads event::text):
-- json keeps the text as written, where jsonb parsed it into its binary form and printed it again.
ALTER TABLE outbox ALTER COLUMN event TYPE json USING event::json;
