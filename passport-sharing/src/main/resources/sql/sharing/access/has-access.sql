-- May organisation $2 see person $1 for purpose $3 ('passport' or 'credentials')? Only with the person's
-- consent: a relationship they accepted that is current, or a live grant whose scopes include the purpose.
-- A person id merged into another answers for the survivor, whose relationships and grants it now shares.
WITH person AS (
  SELECT coalesce((SELECT p.merged_into FROM mapper.person p WHERE p.id = $1), $1) AS id
)
SELECT EXISTS (
  SELECT 1 FROM mapper.relationship r, person
  WHERE r.person_id = person.id AND r.organisation_id = $2 AND r.status = 'accepted'
    AND r.starts_at <= now() AND (r.ends_at IS NULL OR r.ends_at > now())
) OR EXISTS (
  SELECT 1 FROM mapper.person_grant g, person
  WHERE g.person_id = person.id AND g.organisation_id = $2 AND $3 = ANY (g.scopes)
    AND g.revoked_at IS NULL AND g.expires_at > now()
) AS allowed
