-- What kind of organisation this is, and which credential replaced which on rotation.
ALTER TABLE organisation ADD COLUMN kind text NOT NULL DEFAULT 'trust'
  CHECK (kind IN ('trust', 'training-provider', 'e-learning-platform', 'hub-operator'));

ALTER TABLE credential ADD COLUMN rotated_at timestamptz;
