-- Per person, competency and stage: the latest end of its evidence (null when a piece never ends), one row
-- while the person holds at least one piece. Kept with the evidence by the statements that write it, so a
-- poll reads one row per competency x stage a person holds (select-validity-of-people.sql) instead of every
-- piece of their history: with 200 benchmark learners at 1,000 statements/s each soon had hundreds, and
-- reading them all for every statement became most of the mapper's time.
CREATE TABLE holding (
  person_id          uuid NOT NULL,
  competency_number  text NOT NULL,
  stage              text NOT NULL,
  valid_until        timestamptz,
  PRIMARY KEY (person_id, competency_number, stage)
);

INSERT INTO holding (person_id, competency_number, stage, valid_until)
SELECT person_id, competency_number, stage,
       CASE WHEN bool_or(valid_until IS NULL) THEN NULL ELSE max(valid_until) END
FROM evidence
GROUP BY person_id, competency_number, stage;
