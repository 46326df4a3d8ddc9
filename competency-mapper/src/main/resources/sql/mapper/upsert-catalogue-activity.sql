-- An organisation registers or updates its own activity; $8 = true lets an admin replace another's entry.
INSERT INTO mapper.catalogue_activity (activity_iri, organisation_id, organisation_name, evidences, pass_mark,
                                       renewal, evidence_kind)
VALUES ($1, $2, $3, $4, $5, $6, $7)
ON CONFLICT (activity_iri) DO UPDATE
SET organisation_id = EXCLUDED.organisation_id, organisation_name = EXCLUDED.organisation_name,
    evidences = EXCLUDED.evidences, pass_mark = EXCLUDED.pass_mark, renewal = EXCLUDED.renewal,
    evidence_kind = EXCLUDED.evidence_kind, updated_at = now()
WHERE mapper.catalogue_activity.organisation_id = EXCLUDED.organisation_id OR $8
RETURNING activity_iri
