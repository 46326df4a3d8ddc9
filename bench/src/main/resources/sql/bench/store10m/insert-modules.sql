-- 300 e-LfH modules in 30 programmes shared by every organisation, and 50 courses of each organisation's own LMS in
-- five curricula; each counts towards one competency of the framework. The object is what a statement sends.
INSERT INTO bench.module (n, org, iri, name, programme_iri, category_iri)
SELECT n, NULL, 'https://learning.example-elfh.nhs.uk/modules/' || n, 'Module ' || n,
       'https://learning.example-elfh.nhs.uk/programmes/' || (n % 30),
       'https://ahp-hub.org/frameworks/hee-ahp-support-worker/2021/competencies/' || (1 + n % 8) || '.' || (1 + n % 7)
FROM generate_series(0, 299) n
UNION ALL
SELECT 300 + o.n * 50 + k, o.n, 'https://lms.trust-' || o.n || '.example.nhs.uk/courses/' || k, 'Course ' || k,
       'https://lms.trust-' || o.n || '.example.nhs.uk/curricula/' || (k % 5),
       'https://ahp-hub.org/frameworks/hee-ahp-support-worker/2021/competencies/' || (1 + k % 8) || '.' || (1 + k % 5)
FROM bench.organisation o, generate_series(0, 49) k;
UPDATE bench.module SET
  object = jsonb_build_object('objectType', 'Activity', 'id', iri, 'definition', jsonb_build_object(
      'name', jsonb_build_object('en-GB', name), 'type', 'http://adlnet.gov/expapi/activities/module')),
  hash = encode(substring(sha256(convert_to(iri, 'UTF8')) FROM 1 FOR 16), 'hex')::uuid,
  programme_hash = encode(substring(sha256(convert_to(programme_iri, 'UTF8')) FROM 1 FOR 16), 'hex')::uuid,
  category_hash = encode(substring(sha256(convert_to(category_iri, 'UTF8')) FROM 1 FOR 16), 'hex')::uuid;
ANALYZE bench.module;
ANALYZE bench.learner;
