-- The connectors' upload service keeps its state here, so that any upload process can report any job and an
-- import resumes from its checkpoint whichever process runs it. Own schema and Flyway history (connectors).

-- One upload and its import. The organisation owns it: only its credentials see it. A process running
-- (or holding queued) jobs renews heartbeat_at; a job whose heartbeat is stale was interrupted by a stop.
CREATE TABLE import_job (
  id               uuid PRIMARY KEY,
  organisation_id  uuid NOT NULL,
  credential_key   text NOT NULL,
  source           text NOT NULL,
  input_name       text NOT NULL,
  fingerprint      text NOT NULL,
  bytes            bigint NOT NULL,
  status           text NOT NULL CHECK (status IN ('queued', 'running', 'completed', 'completed_with_rejects', 'failed')),
  created_at       timestamptz NOT NULL,
  started_at       timestamptz,
  finished_at      timestamptz,
  runner           uuid NOT NULL,
  heartbeat_at     timestamptz NOT NULL,
  -- the import summary (rows, counts, first rejects) as the status endpoint shows it; null until it starts
  summary          jsonb,
  error            text
);

-- the history, newest first, per organisation (keyset pages on created_at, id)
CREATE INDEX import_job_history ON import_job (organisation_id, created_at DESC, id DESC);
-- the sweep for interrupted jobs reads only unfinished ones
CREATE INDEX import_job_unfinished ON import_job (heartbeat_at) WHERE finished_at IS NULL;

-- Every rejected row of a job, in file order, for the rejects CSV.
CREATE TABLE import_reject (
  job_id    uuid NOT NULL REFERENCES import_job (id) ON DELETE CASCADE,
  position  integer NOT NULL,
  file      text NOT NULL,
  line      bigint NOT NULL,
  col       integer NOT NULL,
  field     text,
  reason    text NOT NULL,
  PRIMARY KEY (job_id, position)
);

-- How far an import of this content got, per organisation and source: every record up to record is delivered
-- or rejected. Keyed by the content's SHA-256, so a re-upload under another name resumes (or is skipped) too.
CREATE TABLE import_checkpoint (
  organisation_id  uuid NOT NULL,
  source           text NOT NULL,
  fingerprint      text NOT NULL,
  input_name       text NOT NULL,
  record           bigint NOT NULL,
  line             bigint NOT NULL,
  updated_at       timestamptz NOT NULL,
  PRIMARY KEY (organisation_id, source, fingerprint)
);

-- The outcomes an organisation imported before (apprenticeship corrections), per source.
CREATE TABLE outcome_ledger (
  organisation_id  uuid NOT NULL,
  source           text NOT NULL,
  ledger           jsonb NOT NULL,
  updated_at       timestamptz NOT NULL,
  PRIMARY KEY (organisation_id, source)
);

-- An organisation's mapping file for a source (local training's session codes), checked when stored.
CREATE TABLE source_mapping (
  organisation_id  uuid NOT NULL,
  source           text NOT NULL,
  file_name        text NOT NULL,
  content          text NOT NULL,
  entries          integer NOT NULL,
  updated_at       timestamptz NOT NULL,
  updated_by       text NOT NULL,
  PRIMARY KEY (organisation_id, source)
);
