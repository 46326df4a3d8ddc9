-- Erasures, newest first; $1 a status or null for every one.
SELECT * FROM privacy.erasure WHERE $1::text IS NULL OR status = $1 ORDER BY requested_at DESC, id LIMIT 500
