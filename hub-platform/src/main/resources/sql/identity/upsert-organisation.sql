INSERT INTO identity.organisation (id, name, home_page) VALUES ($1, $2, $3)
ON CONFLICT (name) DO UPDATE SET home_page = EXCLUDED.home_page
RETURNING id
