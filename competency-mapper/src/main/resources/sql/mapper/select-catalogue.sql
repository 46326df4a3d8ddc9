SELECT activity_iri, organisation_id, organisation_name, evidences, pass_mark, renewal, evidence_kind
FROM mapper.catalogue_activity
