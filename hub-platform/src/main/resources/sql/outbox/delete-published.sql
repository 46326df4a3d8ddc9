DELETE FROM {schema}.outbox WHERE published_at < now() - make_interval(secs => $1)
