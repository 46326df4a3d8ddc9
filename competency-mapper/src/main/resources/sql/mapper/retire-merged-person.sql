-- $1 merged into $2: its attainment, notices and passport go; it and anyone merged into it point at $2.
WITH a AS (DELETE FROM mapper.attainment WHERE person_id = $1),
     n AS (DELETE FROM mapper.expiry_notice WHERE person_id = $1),
     p AS (DELETE FROM mapper.passport WHERE person_id = $1),
     m AS (UPDATE mapper.person SET merged_into = $2 WHERE merged_into = $1)
UPDATE mapper.person SET merged_into = $2 WHERE id = $1
