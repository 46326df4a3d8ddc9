-- A person's identifiers with who linked each and when (person_link; none for one met first in a statement).
SELECT i.identifier_key, i.person_id, l.organisation_id, o.name AS organisation_name, l.linked_at
FROM mapper.person_identifier i
LEFT JOIN mapper.person_link l ON l.identifier_key = i.identifier_key
LEFT JOIN identity.organisation o ON o.id = l.organisation_id
WHERE i.person_id = ANY ($1::uuid[])
ORDER BY i.identifier_key
