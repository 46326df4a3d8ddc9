-- How many stored statements are not yet on the topic.
SELECT count(*) AS pending
FROM lrs.statement s
WHERE s.seq > (SELECT published_through FROM lrs.relay_checkpoint WHERE topic = $1)
