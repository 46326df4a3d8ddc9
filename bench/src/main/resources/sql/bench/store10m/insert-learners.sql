-- $1 learner numbers, $2 their organisation, $3 actor, $4 identifier key (hashed as LinkKeys and LRS V8 do).
INSERT INTO bench.learner (n, org, actor, agent_key, agent_hash)
SELECT n, org, actor, agent_key, encode(substring(sha256(convert_to(agent_key, 'UTF8')) FROM 1 FOR 16), 'hex')::uuid
FROM unnest($1::int[], $2::int[], $3::jsonb[], $4::text[]) AS t (n, org, actor, agent_key)
