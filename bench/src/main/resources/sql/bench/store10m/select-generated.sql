-- Generated statements by seq ($1): id, organisation, payload as the LRS returns it, registration.
SELECT seq, id, authority_org, payload::text AS payload, registration, learner_key, verb_id, stored
FROM lrs.statement WHERE seq = ANY ($1::bigint[]) ORDER BY seq
