SELECT id, payload FROM lrs.statement WHERE id = ANY($1::uuid[])
