-- Stores a batch in one SQL statement: the statements new to the LRS, their agent and activity index
-- rows, and the canonical definitions of the activities they mention. Ids the organisation already stored are skipped
-- and left out of the result (the caller compares those with what is stored). The statement rows are
-- also the outbox (V5): the relay publishes them in seq order. One round trip instead of one per table.
-- Index rows are plain inserts: their statements are new (each gets a new seq) and the caller sends
-- each (key, relation) once per statement, so none can conflict, and an insert that must first check
-- for a conflict (ON CONFLICT) cost each row a fifth more.
-- $1..$11 statement columns; $12..$14 agent index rows (statement id, agent key hash, relation);
-- $15..$17 activity index rows (statement id, activity id hash, relation), hashes as LinkKeys and V8, each link
-- row with its statement's organisation (V53);
-- $18, $19, $21 activity definitions (id, definition, organisation: each organisation keeps its own, V10);
-- $20 when they were seen; $22 each statement's traceparent (the storing request's trace, may be null);
-- $23 the first of the seqs the transaction claimed (claim-seqs.sql): the statements take them in batch order.
WITH input AS (
  SELECT * FROM unnest($1::uuid[], $2::timestamptz[], $3::jsonb[], $4::text[], $5::text[], $6::text[], $7::uuid[],
                       $8::uuid[], $9::uuid[], $10::text[], $11::uuid[], $22::text[]) WITH ORDINALITY
    AS t (id, stored, payload, learner_key, verb_id, object_activity_id, registration, voids, authority_org,
          authority_key, ref_id, traceparent, ord)
), inserted AS (
  INSERT INTO lrs.statement (seq, id, stored, payload, learner_key, verb_id, object_activity_id, registration, voids,
                             authority_org, authority_key, ref_id, traceparent)
  SELECT $23::bigint + ord - 1, id, stored, payload, learner_key, verb_id, object_activity_id, registration, voids, authority_org,
         authority_key, ref_id, traceparent
  FROM input ORDER BY ord
  ON CONFLICT (authority_org, id) DO NOTHING
  RETURNING id, seq, authority_org
), agents AS (
  INSERT INTO lrs.statement_agent (authority_org, agent_hash, statement_seq, relation)
  SELECT i.authority_org, a.agent_hash, i.seq, a.relation
  FROM unnest($12::uuid[], $13::uuid[], $14::text[]) AS a (statement_id, agent_hash, relation)
  JOIN inserted i ON i.id = a.statement_id
), activities AS (
  INSERT INTO lrs.statement_activity (authority_org, activity_hash, statement_seq, relation)
  SELECT i.authority_org, x.activity_hash, i.seq, x.relation
  FROM unnest($15::uuid[], $16::uuid[], $17::text[]) AS x (statement_id, activity_hash, relation)
  JOIN inserted i ON i.id = x.statement_id
), incoming_definitions AS (
  SELECT organisation, id, definition FROM unnest($21::uuid[], $18::text[], $19::jsonb[]) AS d (organisation, id, definition)
), compared AS (
  -- Only activities whose canonical definition would change are written: the read takes no lock, so
  -- statements re-sending a known definition (the usual case) never wait on one another. Writes go in
  -- id order, so concurrent batches lock rows in the same order and cannot deadlock. Later properties
  -- win; the name and description language maps merge.
  SELECT d.organisation, d.id, d.definition, a.definition AS current,
         a.definition || d.definition || jsonb_strip_nulls(jsonb_build_object(
           'name', (a.definition -> 'name') || (d.definition -> 'name'),
           'description', (a.definition -> 'description') || (d.definition -> 'description'))) AS merged
  FROM incoming_definitions d LEFT JOIN lrs.activity a ON a.organisation = d.organisation AND a.id = d.id
), definitions AS (
  INSERT INTO lrs.activity AS a (organisation, id, definition, updated)
  SELECT organisation, id, definition, $20 FROM compared
  WHERE current IS NULL OR merged IS DISTINCT FROM current
  ORDER BY organisation, id
  ON CONFLICT (organisation, id) DO UPDATE SET
    definition = a.definition || EXCLUDED.definition || jsonb_strip_nulls(jsonb_build_object(
        'name', (a.definition -> 'name') || (EXCLUDED.definition -> 'name'),
        'description', (a.definition -> 'description') || (EXCLUDED.definition -> 'description'))),
    updated = EXCLUDED.updated
)
SELECT id, seq FROM inserted
