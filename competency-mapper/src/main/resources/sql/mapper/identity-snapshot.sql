-- The next identity version and the complete current list of person $1's identifier keys, for its
-- passport.identities snapshot (taken under the identity lock, after the change).
SELECT nextval('mapper.identity_version') AS identity_version,
       array(SELECT identifier_key FROM mapper.person_identifier WHERE person_id = $1 ORDER BY identifier_key)
         AS identifier_keys
