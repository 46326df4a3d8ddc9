-- The subscriptions that may receive some of a poll's events ($1: the poll's persons): active or paused
-- ones of an organisation that may see the person now (a current relationship the person accepted, or a
-- live grant of the passport), each with those persons. Driven by the persons'
-- indexes, so its cost does not depend on how many subscriptions or relationships there are in all.
WITH visible AS (
  SELECT r.person_id, r.organisation_id
  FROM mapper.relationship r
  WHERE r.person_id = ANY ($1::uuid[]) AND r.status = 'accepted'
    AND r.starts_at <= now() AND (r.ends_at IS NULL OR r.ends_at > now())
  UNION
  SELECT g.person_id, g.organisation_id
  FROM mapper.person_grant g
  WHERE g.person_id = ANY ($1::uuid[]) AND 'passport' = ANY (g.scopes)
    AND g.revoked_at IS NULL AND g.expires_at > now()
)
SELECT s.id, s.event_types, s.person_ids, s.domains, s.stages, array_agg(v.person_id) AS persons
FROM visible v
JOIN mapper.webhook_subscription s ON s.organisation_id = v.organisation_id AND s.status IN ('active', 'paused')
GROUP BY s.id
ORDER BY s.id
