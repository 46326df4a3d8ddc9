UPDATE lrs.statement s SET payload = r.payload::jsonb
FROM unnest($1::bigint[], $2::text[]) AS r (seq, payload)
WHERE s.seq = r.seq
