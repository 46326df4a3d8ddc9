-- A person erased can come back: a statement that arrives later for the same identifier starts a passport again,
-- under the same person id (ids derive from the identifier). So each erasure of a subject is recorded, and only
-- one may be open (requested or erasing) at a time; asking to erase someone already erased, and not back, finds
-- the latest tombstone.
ALTER TABLE erasure DROP CONSTRAINT erasure_subject_key;
CREATE UNIQUE INDEX erasure_open_subject ON erasure (subject) WHERE status <> 'erased';
CREATE INDEX erasure_subject ON erasure (subject, requested_at DESC);
