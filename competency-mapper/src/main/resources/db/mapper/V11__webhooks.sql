-- Employer subscriptions (Standard Webhooks) and their delivery state. A delivery row per
-- (subscription, event) is the consumer's idempotency key and the dispatcher's work queue.
CREATE TABLE webhook_subscription (
  id                     uuid PRIMARY KEY,
  organisation_id        uuid NOT NULL,
  url                    text NOT NULL,
  description            text,
  event_types            text[] NOT NULL DEFAULT '{}',   -- empty: every type
  person_ids             uuid[],                          -- null: everyone the organisation may see
  domains                text[],                          -- framework domain numbers, e.g. {5}
  stages                 text[],                          -- entry, intermediate, assistant-practitioner
  status                 text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'paused', 'disabled')),
  disabled_reason        text,
  secret                 text NOT NULL,                   -- encrypted at rest (SecretBox)
  previous_secret        text,                            -- still signed with until previous_secret_until
  previous_secret_until  timestamptz,
  created_at             timestamptz NOT NULL DEFAULT now(),
  updated_at             timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX webhook_subscription_organisation ON webhook_subscription (organisation_id);

CREATE TABLE webhook_delivery (
  id               bigserial PRIMARY KEY,
  subscription_id  uuid NOT NULL REFERENCES webhook_subscription (id) ON DELETE CASCADE,
  event_id         text NOT NULL,
  person_id        uuid NOT NULL,
  event_type       text NOT NULL,
  event            text NOT NULL,                         -- the CloudEvent exactly as published: the signed body
  event_time       timestamptz NOT NULL,
  status           text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'dead', 'dropped')),
  attempts         int NOT NULL DEFAULT 0,
  retry_from       timestamptz NOT NULL DEFAULT now(),    -- the retry window (WEBHOOK_RETRY_FOR) counts from here
  next_attempt_at  timestamptz NOT NULL DEFAULT now(),
  locked_until     timestamptz,                           -- in flight; a crashed sender's lock expires and it is re-sent
  last_status      int,
  last_error       text,
  delivered_at     timestamptz,
  created_at       timestamptz NOT NULL DEFAULT now(),
  UNIQUE (subscription_id, event_id)
);
CREATE INDEX webhook_delivery_pending ON webhook_delivery (subscription_id, person_id, id) WHERE status = 'pending';
CREATE INDEX webhook_delivery_dead ON webhook_delivery (subscription_id, id) WHERE status = 'dead';
CREATE INDEX webhook_delivery_time ON webhook_delivery (subscription_id, event_time);
