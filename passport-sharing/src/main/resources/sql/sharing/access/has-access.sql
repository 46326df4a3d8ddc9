-- A current relationship (by person id, or by any identifier linked to the person) or a live grant. A person
-- id merged into another ($1) answers for the survivor, whose relationships and grants it now shares.
WITH person AS (
  SELECT coalesce((SELECT p.merged_into FROM mapper.person p WHERE p.id = $1), $1) AS id
)
SELECT EXISTS (
  SELECT 1 FROM mapper.relationship r, person
  WHERE r.organisation_id = $2
    AND r.starts_at <= now() AND (r.ends_at IS NULL OR r.ends_at > now())
    AND (r.person_id = person.id
         OR r.identifier_key IN (SELECT i.identifier_key FROM mapper.person_identifier i WHERE i.person_id = person.id))
) OR EXISTS (
  SELECT 1 FROM mapper.person_grant g, person
  WHERE g.person_id = person.id AND g.organisation_id = $2 AND g.revoked_at IS NULL AND g.expires_at > now()
) AS allowed
