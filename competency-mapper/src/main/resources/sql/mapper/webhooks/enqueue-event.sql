-- One delivery per matching subscription whose organisation may see the person now. Idempotent.
INSERT INTO mapper.webhook_delivery (subscription_id, event_id, person_id, event_type, event, event_time)
SELECT s.id, $1, $2, $3, $4, $5
FROM mapper.webhook_subscription s
WHERE s.status IN ('active', 'paused')
  AND (cardinality(s.event_types) = 0 OR $3 = ANY (s.event_types))
  AND (s.person_ids IS NULL OR $2 = ANY (s.person_ids))
  AND (s.domains IS NULL OR $6::text = ANY (s.domains))
  AND (s.stages IS NULL OR $7::text = ANY (s.stages))
  AND (EXISTS (
         SELECT 1 FROM mapper.relationship r
         WHERE r.organisation_id = s.organisation_id
           AND r.starts_at <= now() AND (r.ends_at IS NULL OR r.ends_at > now())
           AND (r.person_id = $2
                OR r.identifier_key IN (SELECT i.identifier_key FROM mapper.person_identifier i WHERE i.person_id = $2)))
       OR EXISTS (
         SELECT 1 FROM mapper.person_grant g
         WHERE g.person_id = $2 AND g.organisation_id = s.organisation_id
           AND g.revoked_at IS NULL AND g.expires_at > now()))
ON CONFLICT (subscription_id, event_id) DO NOTHING
