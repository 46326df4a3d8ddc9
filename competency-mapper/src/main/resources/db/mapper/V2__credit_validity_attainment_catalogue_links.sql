-- Issue 4: every credit records confidence, basis and validity; attainment, expiry notices,
-- the activity catalogue, identifier links and person merges.

ALTER TABLE evidence
  ADD COLUMN basis        text NOT NULL DEFAULT 'completed',     -- completed, passed, mastered, satisfied, waived
  ADD COLUMN confidence   double precision NOT NULL DEFAULT 1.0, -- 0..1
  ADD COLUMN valid_from   timestamptz,
  ADD COLUMN valid_until  timestamptz;                           -- null: does not expire
UPDATE evidence SET valid_from = achieved_at;
ALTER TABLE evidence ALTER COLUMN valid_from SET NOT NULL;
CREATE INDEX evidence_valid_until ON evidence (valid_until) WHERE valid_until IS NOT NULL;

-- A person merged into another keeps its row (its id stays resolvable) and points at the survivor.
ALTER TABLE person ADD COLUMN merged_into uuid REFERENCES person (id);

-- Domain (scope '1'..'8') and overall (scope 'overall') attainment per stage, as last published.
CREATE TABLE attainment (
  person_id    uuid NOT NULL REFERENCES person (id),
  scope        text NOT NULL,
  stage        text NOT NULL,
  attained_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (person_id, scope, stage)
);

-- competency.expiring / competency.expired sent for one validity end of one competency x stage.
CREATE TABLE expiry_notice (
  person_id          uuid NOT NULL REFERENCES person (id),
  competency_number  text NOT NULL,
  stage              text NOT NULL,
  kind               text NOT NULL,          -- expiring, expired
  valid_until        timestamptz NOT NULL,
  noticed_at         timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (person_id, competency_number, stage, kind, valid_until)
);

-- Activities organisations registered against competencies x stages (PUT /catalogue/activities).
CREATE TABLE catalogue_activity (
  activity_iri       text PRIMARY KEY,
  organisation_id    uuid NOT NULL,
  organisation_name  text NOT NULL,
  evidences          jsonb NOT NULL,         -- [{"competency": "5.6", "stage": "entry"}, ...]
  pass_mark          double precision,
  renewal            text,                   -- ISO 8601 period, e.g. P1Y
  evidence_kind      text NOT NULL,
  updated_at         timestamptz NOT NULL DEFAULT now()
);

-- Every identifier an organisation linked to a person: reference data that a replay applies first.
CREATE TABLE person_link (
  identifier_key   text PRIMARY KEY,
  person_id        uuid NOT NULL REFERENCES person (id),
  organisation_id  uuid,
  linked_at        timestamptz NOT NULL DEFAULT now()
);
