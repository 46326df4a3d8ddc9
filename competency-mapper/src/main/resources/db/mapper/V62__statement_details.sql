-- What a crediting statement said, in words for the passport (issue 18): its activity's IRI and name, the platform
-- or provider its context names, its result, and the Core Skills Training Framework subject it evidences for each
-- competency. Keyed by statement key (evidence.statement_id), so merges, which move evidence, need nothing here.
-- Nothing personal: course titles and results, reached only through the person's evidence.
CREATE TABLE statement_detail (
  statement_key   uuid PRIMARY KEY,
  activity_iri    text,
  activity_name   text,
  platform        text,
  success         boolean,
  completion      boolean,
  score_scaled    double precision,
  subjects        jsonb NOT NULL DEFAULT '{}'   -- competency number -> CSTF subject code
);
