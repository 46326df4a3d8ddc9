-- An organisation's relationships. The person's id shows only once they accepted: a proposal made by
-- identifier never tells the organisation whether, or as whom, the identifier is known to the hub.
SELECT r.id, r.organisation_id, CASE WHEN r.status = 'accepted' THEN r.person_id END AS person_id,
       r.identifier_key, r.kind, r.starts_at, r.ends_at, r.created_at, r.status, r.decided_at
FROM mapper.relationship r
WHERE r.organisation_id = $1
ORDER BY r.created_at
