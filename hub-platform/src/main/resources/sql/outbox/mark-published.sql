UPDATE {schema}.outbox SET published_at = now() WHERE seq = ANY($1::bigint[])
