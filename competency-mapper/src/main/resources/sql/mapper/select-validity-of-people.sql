-- What renewals and attainment need of some people's evidence ($1): per competency x stage its latest end,
-- null when a piece never ends. The pieces of statements voided in this poll ($2) are left out and read one
-- by one (select-holders-of-statements.sql). valid_until is in the primary key's index (V14): an index-only
-- scan over each person's adjacent entries, not a heap page per piece of evidence.
SELECT person_id, competency_number, stage,
       CASE WHEN bool_or(valid_until IS NULL) THEN NULL ELSE max(valid_until) END AS valid_until
FROM mapper.evidence
WHERE person_id = ANY($1::uuid[]) AND statement_id <> ALL($2::uuid[])
GROUP BY person_id, competency_number, stage
