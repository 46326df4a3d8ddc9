INSERT INTO connectors.outcome_ledger (organisation_id, source, ledger, updated_at)
VALUES ($1, $2, $3, now())
ON CONFLICT (organisation_id, source) DO UPDATE SET ledger = EXCLUDED.ledger, updated_at = EXCLUDED.updated_at
