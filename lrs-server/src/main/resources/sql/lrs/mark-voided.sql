-- A voiding statement cannot itself be voided: the target must not be a voiding statement.
UPDATE lrs.statement SET voided = true
WHERE id = ANY($1::uuid[]) AND voids IS NULL
