-- A current relationship (by person id, or by any identifier linked to the person) or a live grant.
SELECT EXISTS (
  SELECT 1 FROM mapper.relationship r
  WHERE r.organisation_id = $2
    AND r.starts_at <= now() AND (r.ends_at IS NULL OR r.ends_at > now())
    AND (r.person_id = $1
         OR r.identifier_key IN (SELECT i.identifier_key FROM mapper.person_identifier i WHERE i.person_id = $1))
) OR EXISTS (
  SELECT 1 FROM mapper.person_grant g
  WHERE g.person_id = $1 AND g.organisation_id = $2 AND g.revoked_at IS NULL AND g.expires_at > now()
) AS allowed
