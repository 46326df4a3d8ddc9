-- Before the bulk of the fill: the indexes of the statement and link tables are set aside (their definitions kept in
-- bench.dropped_index, as PostgreSQL prints them) and built again once every row is in (restore-indexes.sql), which
-- is several times faster on two cores than keeping ten indexes up to date row by row. The rebuilt indexes are the
-- LRS's own definitions; they are as compact as after a REINDEX. Done once: a resumed fill finds them set aside.
CREATE TABLE IF NOT EXISTS bench.dropped_index (table_name text NOT NULL, index_name text NOT NULL,
                                                index_def text, constraint_def text);
DO $$
DECLARE
  i record;
BEGIN
  IF EXISTS (SELECT 1 FROM bench.dropped_index) THEN
    RETURN;
  END IF;
  FOR i IN
    SELECT c.relname AS table_name, x.relname AS index_name, pg_get_indexdef(x.oid) AS index_def,
           con.conname, pg_get_constraintdef(con.oid) AS constraint_def
    FROM pg_index ix
    JOIN pg_class x ON x.oid = ix.indexrelid
    JOIN pg_class c ON c.oid = ix.indrelid
    LEFT JOIN pg_constraint con ON con.conindid = ix.indexrelid AND con.conrelid = c.oid
    WHERE c.relnamespace = 'lrs'::regnamespace AND c.relname IN ('statement', 'statement_agent', 'statement_activity')
  LOOP
    INSERT INTO bench.dropped_index VALUES (i.table_name, i.index_name,
      CASE WHEN i.conname IS NULL THEN i.index_def END, i.constraint_def);
    IF i.conname IS NULL THEN
      EXECUTE format('DROP INDEX lrs.%I', i.index_name);
    ELSE
      EXECUTE format('ALTER TABLE lrs.%I DROP CONSTRAINT %I', i.table_name, i.conname);
    END IF;
  END LOOP;
END $$;
