-- Erasure requests (UK GDPR article 17) and, once carried out, their tombstones. A tombstone says who erased, when
-- and why, and names no one: the person id is cleared when the erasure finishes, and `subject` is a pseudonym
-- (HMAC under a key derived from HUB_KEY_ENCRYPTION_KEY) that recognises a repeated request for the same person.
--
-- While an erasure runs, `sealed_subject` holds what every part needs to find the person's data (ids and
-- identifier keys), sealed under HUB_KEY_ENCRYPTION_KEY, so an erasure interrupted half-way resumes after the
-- passport's own rows are gone; `parts_done` records the parts finished (org.ahphub.platform.privacy.PersonalData).
CREATE TABLE erasure (
  id              uuid PRIMARY KEY,
  subject         text NOT NULL UNIQUE,
  person_id       uuid,
  status          text NOT NULL CHECK (status IN ('requested', 'erasing', 'erased')),
  requested_by    text NOT NULL,
  requested_at    timestamptz NOT NULL DEFAULT now(),
  reason          text,
  erased_by       text,
  started_at      timestamptz,
  sealed_subject  text,
  parts_done      text[] NOT NULL DEFAULT '{}',
  erased_at       timestamptz,
  CHECK ((status = 'erasing') = (sealed_subject IS NOT NULL)),
  CHECK ((status = 'erased') = (erased_at IS NOT NULL)),
  CHECK (status = 'erased' OR person_id IS NOT NULL),
  CHECK (status <> 'erased' OR person_id IS NULL)
);
CREATE INDEX erasure_open ON erasure (status, requested_at) WHERE status <> 'erased';
