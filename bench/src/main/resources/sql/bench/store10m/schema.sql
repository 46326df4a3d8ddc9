-- The benchmark's own tables (schema bench, beside the LRS's schema lrs): what the generator draws from. Nothing of
-- the LRS reads them.
CREATE SCHEMA bench;
-- The organisations (tenants) and the credential each one's statements are stored with.
CREATE TABLE bench.organisation (n int PRIMARY KEY, id uuid NOT NULL, credential_key text NOT NULL);
-- Learners: their actor as sent, the identifier key the LRS derives (org.ahphub.xapi.Actors) and its link-row hash.
CREATE TABLE bench.learner (n int PRIMARY KEY, org int NOT NULL, actor jsonb NOT NULL, agent_key text NOT NULL,
                            agent_hash uuid NOT NULL);
-- Modules: shared e-LfH modules (org null) and each organisation's own courses; their programme and the framework
-- competency they count towards.
CREATE TABLE bench.module (n int PRIMARY KEY, org int, iri text NOT NULL, name text NOT NULL, programme_iri text NOT NULL,
                           category_iri text NOT NULL, object jsonb, hash uuid, programme_hash uuid, category_hash uuid);
-- A learner's session with a module (one registration) is eight statements; the verb at each position, per organisation.
CREATE TABLE bench.script (org int NOT NULL, position int NOT NULL, fail boolean NOT NULL, verb_id text NOT NULL,
                           PRIMARY KEY (org, position, fail));
-- The statements the LRS stored for the seed requests, one per organisation and verb, and their link rows with
-- the part each plays: 'actor', 'object', 'parent', 'category' are replaced per generated statement, 'fixed' is kept.
CREATE TABLE bench.template (seq bigint PRIMARY KEY, org int NOT NULL, verb_id text NOT NULL, payload jsonb NOT NULL,
                             UNIQUE (org, verb_id));
CREATE TABLE bench.template_agent (template_seq bigint NOT NULL, agent_hash uuid NOT NULL, relation text NOT NULL,
                                   role text NOT NULL);
CREATE TABLE bench.template_activity (template_seq bigint NOT NULL, activity_hash uuid NOT NULL, relation text NOT NULL,
                                      role text NOT NULL);
-- The fill's parameters; its chunks start at filled_through + 1 (a fill that resumed a sequential one starts there),
-- and fill_done lists the chunks stored, so an interrupted fill resumes.
CREATE TABLE bench.fill_state (statements bigint NOT NULL, filled_through bigint NOT NULL, first_stored_ms bigint NOT NULL,
                               span_ms bigint NOT NULL, learners int NOT NULL, window_sessions int NOT NULL);
CREATE TABLE bench.fill_done (first_seq bigint PRIMARY KEY);
