-- The statement table is the LRS's outbox. StatementWriter assigns `seq` in commit order, so the relay
-- publishes the statements after its checkpoint, in seq order, and no statement that commits later can
-- appear below it. This replaces a second copy of every statement in an outbox table, which was
-- written, updated when published and deleted an hour later.
CREATE TABLE relay_checkpoint (
  topic              text PRIMARY KEY,
  published_through  bigint NOT NULL        -- every statement with seq <= this is on the topic
);

-- Statements still waiting in the old outbox are published again from the first of them; ones already
-- published may go out twice, which consumers absorb (they are idempotent by statement id).
INSERT INTO relay_checkpoint (topic, published_through)
SELECT 'lrs.statements', coalesce(
  (SELECT min(s.seq) - 1 FROM outbox o JOIN statement s ON s.id = (o.event ->> 'id')::uuid
   WHERE o.published_at IS NULL),
  (SELECT max(seq) FROM statement),
  0);

DROP TABLE outbox;
