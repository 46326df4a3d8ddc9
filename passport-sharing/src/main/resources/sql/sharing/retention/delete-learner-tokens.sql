-- Learner tokens that expired or were revoked more than $1 seconds ago, at most $2 of them.
DELETE FROM mapper.learner_token WHERE token_hash IN (
  SELECT token_hash FROM mapper.learner_token
  WHERE least(expires_at, coalesce(revoked_at, expires_at)) < now() - make_interval(secs => $1)
  LIMIT $2)
