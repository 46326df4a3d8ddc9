INSERT INTO mapper.voided_statement (statement_id, voided_by) VALUES ($1, $2) ON CONFLICT DO NOTHING
