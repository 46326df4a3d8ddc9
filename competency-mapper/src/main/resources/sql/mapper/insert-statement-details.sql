-- The details of crediting statements ($1 statement keys, $2 activity IRIs, $3 activity names, $4 platforms,
-- $5 success, $6 completion, $7 scaled scores, $8 subjects as JSON text); a statement's first details stay.
INSERT INTO mapper.statement_detail (statement_key, activity_iri, activity_name, platform, success, completion,
                                     score_scaled, subjects)
SELECT d.statement_key, d.activity_iri, d.activity_name, d.platform, d.success, d.completion, d.score_scaled,
       d.subjects::jsonb
FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::bool[], $6::bool[], $7::float8[], $8::text[])
       AS d (statement_key, activity_iri, activity_name, platform, success, completion, score_scaled, subjects)
ON CONFLICT (statement_key) DO NOTHING
