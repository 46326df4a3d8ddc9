-- The subject's open erasure if there is one, else its latest tombstone.
SELECT * FROM privacy.erasure WHERE subject = $1 ORDER BY (status <> 'erased') DESC, requested_at DESC LIMIT 1
