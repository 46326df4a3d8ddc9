-- Serialises the changes to one person's passport across mapper processes (and across the partitions one
-- process consumes): a person's identifiers may hash to different partitions of lrs.statements, so two
-- consumers of one group can apply statements of one person at once. Taken before a transaction reads the
-- evidence and attainment it recomputes from, held until it commits: the second waits, then reads what the
-- first wrote. The keys (0x4D505031, "MPP1", with the hash of the person id) are taken in key order, so two
-- transactions never wait on each other crosswise; two people sharing a hash only wait on each other.
-- $1 the person ids
SELECT count(pg_advisory_xact_lock(1297109041, keys.k)::text) AS locked
FROM (SELECT DISTINCT hashtext(p::text) AS k FROM unnest($1::uuid[]) AS p ORDER BY 1) keys
