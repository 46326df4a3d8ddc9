-- Learning that credits nothing, and assessed practice (issue 18). A statement whose verb says learning happened or
-- was judged (completed, passed, failed, attended, mastered, satisfied: org.ahphub.mapper.rules.LearningRecords)
-- and that no crediting rule credits is listed in the person's passport as a learning record. A statement a rule
-- credits is evidence and is not repeated here. Keyed by statement key (one learner per statement), so a
-- redelivered statement writes nothing twice; identifier_key is the identifier the statement named the person
-- by, so undoing a merge splits these rows back as it splits evidence. Its words (title, platform, result) are in
-- statement_detail, as for evidence. Personal (what someone learnt): erased with the person, exported to them.
CREATE TABLE learning_record (
  statement_key           uuid PRIMARY KEY,
  person_id               uuid NOT NULL REFERENCES person (id),
  lrs_statement_id        uuid NOT NULL,         -- the id the organisation posted, as the passport shows it
  source_organisation     text,                  -- the statement authority's name
  source_organisation_id  uuid,                  -- the organisation whose LRS store holds the statement
  identifier_key          text,
  verb                    text NOT NULL,         -- completed | passed | failed | attended | mastered | satisfied
  achieved_at             timestamptz NOT NULL,  -- the statement's timestamp (else stored)
  recorded_at             timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX learning_record_person ON learning_record (person_id, achieved_at);

-- Whether a statement records practice assessed by someone ('assessed-practice', the word evidence already uses) or learning ('learning'), and the role
-- of whoever assessed it ('Assessor'; never who they are). Null for details recorded before this version.
ALTER TABLE statement_detail ADD COLUMN kind text CHECK (kind IN ('learning', 'assessed-practice'));
ALTER TABLE statement_detail ADD COLUMN assessor_role text;
