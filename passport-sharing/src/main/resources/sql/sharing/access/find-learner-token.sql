-- The person a live learner token signs in; a token issued to a person since merged signs in the survivor.
SELECT coalesce(p.merged_into, t.person_id) AS person_id
FROM mapper.learner_token t
LEFT JOIN mapper.person p ON p.id = t.person_id
WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND t.expires_at > now()
