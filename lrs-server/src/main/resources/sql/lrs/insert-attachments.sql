INSERT INTO lrs.attachment (sha2, content_type, content)
SELECT * FROM unnest($1::text[], $2::text[], $3::bytea[])
ON CONFLICT (sha2) DO NOTHING
