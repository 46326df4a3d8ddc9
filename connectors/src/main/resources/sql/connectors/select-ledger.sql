SELECT ledger FROM connectors.outcome_ledger WHERE organisation_id = $1 AND source = $2
