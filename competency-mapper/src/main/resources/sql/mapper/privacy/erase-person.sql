-- Erasure: everything the passport holds about the persons $1 (the person and the records joined into it) and
-- their identifier keys $2. Issued credentials stay revoked, so their status-list bit stays set, but no longer
-- say whose they were (the nil person id). Events still waiting in the outbox about them go too ($3: the persons
-- as event keys). One statement: the foreign keys are checked once, at its end.
WITH details AS (
  -- what the person's statements said (titles, results): read through the evidence and the learning records,
  -- before they go
  DELETE FROM mapper.statement_detail
  WHERE statement_key IN (SELECT statement_id FROM mapper.evidence WHERE person_id = ANY ($1::uuid[]))
     OR statement_key IN (SELECT statement_key FROM mapper.learning_record
                          WHERE person_id = ANY ($1::uuid[]) OR identifier_key = ANY ($2::text[]))
), evidence AS (
  DELETE FROM mapper.evidence WHERE person_id = ANY ($1::uuid[])
), learning AS (
  DELETE FROM mapper.learning_record WHERE person_id = ANY ($1::uuid[]) OR identifier_key = ANY ($2::text[])
), names AS (
  DELETE FROM mapper.person_name WHERE person_id = ANY ($1::uuid[]) OR identifier_key = ANY ($2::text[])
), attainment AS (
  DELETE FROM mapper.attainment WHERE person_id = ANY ($1::uuid[])
), holding AS (
  DELETE FROM mapper.holding WHERE person_id = ANY ($1::uuid[])
), notices AS (
  DELETE FROM mapper.expiry_notice WHERE person_id = ANY ($1::uuid[])
), links AS (
  DELETE FROM mapper.person_link WHERE person_id = ANY ($1::uuid[]) OR identifier_key = ANY ($2::text[])
), claims AS (
  DELETE FROM mapper.claim_code WHERE identifier_key = ANY ($2::text[]) OR redeemed_by = ANY ($1::uuid[])
), merges AS (
  DELETE FROM mapper.person_merge WHERE survivor_id = ANY ($1::uuid[]) OR merged_id = ANY ($1::uuid[])
), credentials AS (
  UPDATE mapper.issued_credential
  SET person_id = '00000000-0000-0000-0000-000000000000', revoked_at = coalesce(revoked_at, now()),
      revoked_reason = coalesce(revoked_reason, 'erased'), revoked_by = coalesce(revoked_by, 'operator')
  WHERE person_id = ANY ($1::uuid[])
), outbox AS (
  DELETE FROM mapper.outbox WHERE event_key = ANY ($3::text[])
), identifiers AS (
  DELETE FROM mapper.person_identifier WHERE person_id = ANY ($1::uuid[]) OR identifier_key = ANY ($2::text[])
), passports AS (
  DELETE FROM mapper.passport WHERE person_id = ANY ($1::uuid[])
)
DELETE FROM mapper.person WHERE id = ANY ($1::uuid[])
