-- What renewals and attainment need of some people's evidence ($1): per competency x stage its latest end,
-- null when a piece never ends, read from their holdings (V17). The pieces of statements voided in this poll
-- ($2) are left out and read one by one (select-holders-of-statements.sql): for the competency x stages they
-- touch, the latest end of the other pieces is counted from the evidence.
WITH voided_keys AS (
  SELECT DISTINCT person_id, competency_number, stage
  FROM mapper.evidence
  WHERE statement_id = ANY($2::uuid[]) AND person_id = ANY($1::uuid[])
)
SELECT h.person_id, h.competency_number, h.stage, h.valid_until
FROM mapper.holding h
WHERE h.person_id = ANY($1::uuid[])
  AND NOT EXISTS (SELECT 1 FROM voided_keys v WHERE v.person_id = h.person_id
                    AND v.competency_number = h.competency_number AND v.stage = h.stage)
UNION ALL
SELECT e.person_id, e.competency_number, e.stage,
       CASE WHEN bool_or(e.valid_until IS NULL) THEN NULL ELSE max(e.valid_until) END
FROM mapper.evidence e
JOIN voided_keys v USING (person_id, competency_number, stage)
WHERE e.statement_id <> ALL($2::uuid[])
GROUP BY e.person_id, e.competency_number, e.stage
