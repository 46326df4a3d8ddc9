-- Recounts the holdings (V17) of people ($1) from their evidence, after pieces were deleted (voids) or moved
-- (merges): rows for what they no longer hold go, the others take the latest end of what is left. Costs a
-- read of these people's evidence, which only voids and merges pay.
WITH counted AS (
  SELECT person_id, competency_number, stage,
         CASE WHEN bool_or(valid_until IS NULL) THEN NULL ELSE max(valid_until) END AS valid_until
  FROM mapper.evidence
  WHERE person_id = ANY($1::uuid[])
  GROUP BY person_id, competency_number, stage
), gone AS (
  DELETE FROM mapper.holding h
  WHERE h.person_id = ANY($1::uuid[])
    AND NOT EXISTS (SELECT 1 FROM counted c WHERE c.person_id = h.person_id
                      AND c.competency_number = h.competency_number AND c.stage = h.stage)
)
INSERT INTO mapper.holding AS h (person_id, competency_number, stage, valid_until)
SELECT person_id, competency_number, stage, valid_until FROM counted
ORDER BY person_id, competency_number, stage
ON CONFLICT (person_id, competency_number, stage) DO UPDATE SET valid_until = EXCLUDED.valid_until
  WHERE h.valid_until IS DISTINCT FROM EXCLUDED.valid_until
