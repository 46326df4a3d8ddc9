-- A generated statement ($1 its seq) against the copy the LRS stored when the benchmark re-sent it through HTTP
-- ($2 the organisation, $3 the copy's id): every column, the payload (but id and stored) and the link rows must be
-- the same.
WITH g AS (SELECT * FROM lrs.statement WHERE seq = $1),
     r AS (SELECT * FROM lrs.statement WHERE authority_org = $2 AND id = $3)
SELECT (g.learner_key, g.verb_id, g.object_activity_id, g.registration, g.voids, g.voided, g.authority_org,
        g.authority_key, g.ref_id)
         IS NOT DISTINCT FROM
       (r.learner_key, r.verb_id, r.object_activity_id, r.registration, r.voids, r.voided, r.authority_org,
        r.authority_key, r.ref_id) AS columns_match,
       (g.payload - 'id' - 'stored') = (r.payload - 'id' - 'stored') AS payload_match,
       (SELECT array_agg(a.agent_hash::text || ' ' || a.relation ORDER BY a.agent_hash::text || ' ' || a.relation)
        FROM lrs.statement_agent a WHERE a.statement_seq = g.seq)
         = (SELECT array_agg(a.agent_hash::text || ' ' || a.relation ORDER BY a.agent_hash::text || ' ' || a.relation)
            FROM lrs.statement_agent a WHERE a.statement_seq = r.seq) AS agents_match,
       (SELECT array_agg(x.activity_hash::text || ' ' || x.relation ORDER BY x.activity_hash::text || ' ' || x.relation)
        FROM lrs.statement_activity x WHERE x.statement_seq = g.seq)
         = (SELECT array_agg(x.activity_hash::text || ' ' || x.relation ORDER BY x.activity_hash::text || ' ' || x.relation)
            FROM lrs.statement_activity x WHERE x.statement_seq = r.seq) AS activities_match,
       g.payload::text AS generated, r.payload::text AS stored_by_lrs
FROM g, r
