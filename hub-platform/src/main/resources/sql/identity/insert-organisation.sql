INSERT INTO identity.organisation (id, name, home_page, kind) VALUES ($1, $2, $3, $4)
ON CONFLICT (name) DO NOTHING
RETURNING id, name, home_page, kind, created_at
