-- Competency x stage whose latest validity end is within the warning window (expiring) or past (expired),
-- noticed once per validity end. $1 = now, $2 = now + warning window, $3 = batch limit.
WITH validity AS (
  SELECT person_id, competency_number, stage, max(valid_until) AS valid_until
  FROM mapper.evidence
  GROUP BY person_id, competency_number, stage
  HAVING bool_and(valid_until IS NOT NULL) AND max(valid_until) <= $2
), due AS (
  SELECT v.person_id, v.competency_number, v.stage,
         CASE WHEN v.valid_until <= $1 THEN 'expired' ELSE 'expiring' END AS kind, v.valid_until
  FROM validity v
  WHERE NOT EXISTS (
    SELECT 1 FROM mapper.expiry_notice n
    WHERE n.person_id = v.person_id AND n.competency_number = v.competency_number AND n.stage = v.stage
      AND n.valid_until = v.valid_until
      AND n.kind = CASE WHEN v.valid_until <= $1 THEN 'expired' ELSE 'expiring' END)
  ORDER BY v.person_id
  LIMIT $3
)
INSERT INTO mapper.expiry_notice (person_id, competency_number, stage, kind, valid_until)
SELECT person_id, competency_number, stage, kind, valid_until FROM due
ON CONFLICT DO NOTHING
RETURNING person_id, competency_number, stage, kind, valid_until
