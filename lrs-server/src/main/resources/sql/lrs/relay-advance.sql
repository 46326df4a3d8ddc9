-- After the broker acknowledged every statement through $2.
UPDATE lrs.relay_checkpoint SET published_through = $2 WHERE topic = $1
