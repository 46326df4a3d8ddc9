-- The details of crediting statements and learning records ($1 statement keys, $2 activity IRIs, $3 activity names,
-- $4 platforms, $5 success, $6 completion, $7 scaled scores, $8 subjects as JSON text, $9 kinds: learning or
-- assessed-practice, $10 assessors' roles); a statement's first details stay.
INSERT INTO mapper.statement_detail (statement_key, activity_iri, activity_name, platform, success, completion,
                                     score_scaled, subjects, kind, assessor_role)
SELECT d.statement_key, d.activity_iri, d.activity_name, d.platform, d.success, d.completion, d.score_scaled,
       d.subjects::jsonb, d.kind, d.assessor_role
FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::bool[], $6::bool[], $7::float8[], $8::text[],
            $9::text[], $10::text[])
       AS d (statement_key, activity_iri, activity_name, platform, success, completion, score_scaled, subjects, kind,
             assessor_role)
ON CONFLICT (statement_key) DO NOTHING
