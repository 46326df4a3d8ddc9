-- Crypto-shredding (issue 17): personal data in Kafka events is sealed with a key per data subject (a learner's
-- xAPI identifier, a person id), held only here. Destroying the key erases the events everywhere they were
-- copied (topics, dead letters, backups of the log) without rewriting the log.
--
-- kid: HMAC-SHA256 of the subject under a key derived from HUB_KEY_ENCRYPTION_KEY, the pseudonym the events
-- carry instead of the subject. sealed_key: the subject's AES-256 key, sealed under HUB_KEY_ENCRYPTION_KEY;
-- null once destroyed (the row stays, so the erasure is on record without naming anyone).
CREATE TABLE subject_key (
  kid           text PRIMARY KEY,
  sealed_key    text,
  created_at    timestamptz NOT NULL DEFAULT now(),
  destroyed_at  timestamptz,
  CHECK ((sealed_key IS NULL) = (destroyed_at IS NOT NULL))
);
