-- The stored payloads of these (organisation, id) pairs: ids are unique within an organisation.
SELECT s.authority_org, s.id, s.payload
FROM unnest($1::uuid[], $2::uuid[]) AS k (organisation, id)
JOIN lrs.statement s ON s.authority_org = k.organisation AND s.id = k.id
