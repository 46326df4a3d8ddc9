SELECT payload, voided, stored FROM lrs.statement WHERE id = $1 AND ($2::uuid IS NULL OR authority_org = $2)
