SELECT count(*) AS unpublished FROM {schema}.outbox WHERE published_at IS NULL
