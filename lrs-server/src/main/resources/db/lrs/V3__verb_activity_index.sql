-- The verb + activity query (the object activity, without related_activities) reads exactly the
-- matching statements in seq order: one range scan, however common the verb.
CREATE INDEX statement_verb_activity ON statement (verb_id, object_activity_id, seq)
  WHERE object_activity_id IS NOT NULL;
