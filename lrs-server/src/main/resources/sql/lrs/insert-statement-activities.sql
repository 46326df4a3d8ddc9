INSERT INTO lrs.statement_activity (activity_id, statement_seq, relation)
SELECT * FROM unnest($1::text[], $2::bigint[], $3::text[])
ON CONFLICT DO NOTHING
