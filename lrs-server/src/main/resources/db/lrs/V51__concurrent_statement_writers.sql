-- Statement writers no longer hold one advisory lock ("LRS1") for their whole transaction (issue 20): any number
-- of transactions in any number of LRS processes store statements at once, and may commit in any order. Readers
-- keep what the lock gave them through a commit-order watermark instead:
--
--   * a writer registers, before it takes any seq, with a transaction-level advisory lock whose key is a floor of
--     the seqs it will take (the sequence's next value); PostgreSQL drops the lock when the transaction ends,
--     however it ends (commit, rollback, a killed session), so a registration never outlives its writer;
--   * a reader's watermark (statement_watermark) is the lowest registered floor, or the sequence's next value when
--     no writer is registered. Every seq below it belongs to a transaction that has ended, and a reader that only
--     reads below it (statement pages, `more` links, the relay) never passes a statement that commits later.
--
-- Why it is correct: the watermark function reads the sequence (L, next value) first and the locks after. A writer
-- registered when the locks are read bounds the watermark by its floor, which is at most its seqs. A writer that
-- registers after the locks were read takes its seqs after that too, above L. A writer that ended before the locks
-- were read has committed (its rows are visible to any statement that starts afterwards: PostgreSQL releases a
-- transaction's locks after it is visible as committed) or rolled back (its seqs are gaps).
--
-- `stored` stays non-decreasing in seq order: the seqs and the stamp of a transaction are taken together in a
-- critical section of a few microseconds of server time (claim_statement_seqs), not held across any round trip.
-- The stamp is never earlier than the one before (statement_stored_clock), even if the clock steps back.
--
-- Every statement insert must take its seqs from claim_statement_seqs: the column loses its default, so an insert
-- that does not (an LRS process from before this version) fails instead of slipping a seq under a reader.

ALTER TABLE statement ALTER COLUMN seq DROP DEFAULT;
-- The sequence's page must hold the last value handed out: a backend-local cache (CACHE > 1) would hand out
-- values below what a reader or the next claim reads there. 1 is PostgreSQL's default; this keeps it so.
ALTER SEQUENCE statement_seq_seq CACHE 1;

-- The latest `stored` stamp handed out, in milliseconds since the epoch (a sequence: not rolled back, no row lock).
CREATE SEQUENCE statement_stored_clock AS bigint MINVALUE 0 START 0;
SELECT setval('statement_stored_clock', coalesce(
  (SELECT (extract(epoch FROM max(stored)) * 1000)::bigint FROM statement), 0), true);

-- For one writing transaction: registers it (the lock described above, key 0x4C57 << 48 plus the floor: the bigint
-- form of an advisory key, so no other lock of the hub shares the range), then claims n consecutive seqs and their
-- `stored` stamp. The claim is serialised by an exclusive advisory lock (0x4C525343, "LRSC") taken in a
-- subtransaction that is then rolled back on purpose, which releases that lock at once while keeping what was
-- claimed (sequence changes are never rolled back, plpgsql variables are not transactional): no lock is held once
-- this function returns, however the caller's transaction goes on. Returns the first seq and the stamp.
CREATE FUNCTION claim_statement_seqs(n integer, OUT first_seq bigint, OUT stored timestamptz)
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  floor_seq bigint;
  latest_ms bigint;
BEGIN
  IF n IS NULL OR n < 1 THEN
    RAISE EXCEPTION 'claim_statement_seqs: n must be at least 1, was %', n USING ERRCODE = '22023';
  END IF;
  SELECT CASE WHEN is_called THEN last_value + 1 ELSE last_value END INTO floor_seq FROM lrs.statement_seq_seq;
  PERFORM pg_advisory_xact_lock_shared(5500865469856350208 + floor_seq);
  BEGIN
    PERFORM pg_advisory_xact_lock(1280463683);
    first_seq := nextval('lrs.statement_seq_seq');
    IF n > 1 THEN
      PERFORM setval('lrs.statement_seq_seq', first_seq + n - 1, true);
    END IF;
    SELECT CASE WHEN is_called THEN last_value ELSE 0 END INTO latest_ms FROM lrs.statement_stored_clock;
    stored := greatest(date_trunc('milliseconds', clock_timestamp()),
                       'epoch'::timestamptz + latest_ms * interval '1 millisecond');
    PERFORM setval('lrs.statement_stored_clock', (extract(epoch FROM stored) * 1000)::bigint, true);
    RAISE SQLSTATE 'LRS00';
  EXCEPTION WHEN SQLSTATE 'LRS00' THEN
    NULL;  -- the critical section's subtransaction is rolled back: its lock goes, the claim stays
  END;
END $$;

-- The commit-order watermark for a reader: every seq below `below` belongs to a transaction that has ended.
-- `writing` says whether a writer was registered (consistent-through.sql uses it). A statement that starts after
-- this function returned sees every committed statement below the watermark; one that started before may not.
CREATE FUNCTION statement_watermark(OUT below bigint, OUT writing boolean)
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  unclaimed bigint;
BEGIN
  -- The sequence first, the registrations second (see the top of this file).
  SELECT CASE WHEN is_called THEN last_value + 1 ELSE last_value END INTO unclaimed FROM lrs.statement_seq_seq;
  SELECT min(((l.classid::bigint << 32) | l.objid::bigint) - 5500865469856350208) INTO below
  FROM pg_locks l
  WHERE l.locktype = 'advisory' AND l.objsubid = 1 AND l.classid::bigint BETWEEN 1280770048 AND 1280835583
    AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database());
  writing := below IS NOT NULL;
  below := least(coalesce(below, unclaimed), unclaimed);
END $$;
