-- Erasure: who could see the persons $1 (relationships, also those recorded by identifier key $2; grants; share
-- codes), their sign-ins, the audit of reads of their passport, and the webhooks about them, except the notice of
-- this erasure ($3, its event type), which must still reach the organisations. A subscription that named them
-- stops naming them (an empty list matches no one; null would mean everyone).
WITH relationships AS (
  DELETE FROM mapper.relationship WHERE person_id = ANY ($1::uuid[]) OR identifier_key = ANY ($2::text[])
), grants AS (
  DELETE FROM mapper.person_grant WHERE person_id = ANY ($1::uuid[])
), codes AS (
  DELETE FROM mapper.share_code WHERE person_id = ANY ($1::uuid[])
), tokens AS (
  DELETE FROM mapper.learner_token WHERE person_id = ANY ($1::uuid[])
), audit AS (
  DELETE FROM mapper.audit_event WHERE person_id = ANY ($1::uuid[])
), subscriptions AS (
  UPDATE mapper.webhook_subscription
  SET person_ids = coalesce((SELECT array_agg(p) FROM unnest(person_ids) p WHERE p <> ALL ($1::uuid[])), '{}')
  WHERE person_ids && $1::uuid[]
)
DELETE FROM mapper.webhook_delivery WHERE person_id = ANY ($1::uuid[]) AND event_type <> $3
