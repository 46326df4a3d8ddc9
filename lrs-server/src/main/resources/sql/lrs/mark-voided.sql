-- Voids each target within the voiding statement's own organisation ($1 organisations, $2 ids, pairwise):
-- an id another organisation holds is, for this one, an unknown statement, and voids nothing.
-- A voiding statement cannot itself be voided: the target must not be a voiding statement.
UPDATE lrs.statement s SET voided = true
FROM unnest($1::uuid[], $2::uuid[]) AS v (organisation, id)
WHERE s.authority_org = v.organisation AND s.id = v.id AND s.voids IS NULL
