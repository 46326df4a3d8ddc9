SELECT id, name, home_page, kind, created_at FROM identity.organisation WHERE id = $1
