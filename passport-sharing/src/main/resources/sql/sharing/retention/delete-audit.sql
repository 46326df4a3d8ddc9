-- Audit entries older than $1 seconds, at most $2 of them.
DELETE FROM mapper.audit_event WHERE seq IN (
  SELECT seq FROM mapper.audit_event WHERE at < now() - make_interval(secs => $1) ORDER BY seq LIMIT $2)
