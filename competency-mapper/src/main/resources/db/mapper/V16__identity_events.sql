-- passport.identities: each change to which identifiers belong to a person publishes that person's complete
-- list, stamped with the next identity version. Versions follow commit order (changes take a lock first), so
-- a consumer that sees snapshots of two people out of order keeps, per identifier, the later one.
CREATE SEQUENCE identity_version;

-- People linked before this migration get one snapshot each, so consumers start from the current links.
-- Only people with more than one identifier: one alone needs no event (it is a person of its own to anyone).
-- The keys become xAPI identifiers as org.ahphub.xapi.Actors.identifier does (an mbox stays its SHA-1 sum,
-- an account key splits at its first '|').
WITH linked AS (
  SELECT person_id, nextval('identity_version') AS identity_version,
         json_agg(CASE split_part(identifier_key, ':', 1)
                    WHEN 'account' THEN json_build_object('account', json_build_object(
                      'homePage', split_part(substr(identifier_key, 9), '|', 1),
                      'name', substr(identifier_key, 9 + strpos(substr(identifier_key, 9), '|'))))
                    ELSE json_build_object(split_part(identifier_key, ':', 1),
                                           substr(identifier_key, strpos(identifier_key, ':') + 1))
                  END ORDER BY identifier_key) AS identifiers
  FROM person_identifier
  GROUP BY person_id
  HAVING count(*) > 1
)
INSERT INTO outbox (topic, event_key, event)
SELECT 'passport.identities', person_id::text, json_build_object(
         'specversion', '1.0',
         'id', gen_random_uuid(),
         'source', '/persons',
         'type', 'org.ahphub.passport.person.identifiers',
         'time', to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
         'datacontenttype', 'application/json',
         'subject', person_id::text,
         'data', json_build_object('personId', person_id, 'identityVersion', identity_version,
                                   'identifiers', identifiers))
FROM linked
ORDER BY identity_version;
