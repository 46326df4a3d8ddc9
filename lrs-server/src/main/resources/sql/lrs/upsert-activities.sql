-- Merge newly seen definitions into the canonical one: later properties win, language maps merge.
INSERT INTO lrs.activity AS a (id, definition, updated)
SELECT id, definition, $3 FROM unnest($1::text[], $2::jsonb[]) AS t (id, definition)
ON CONFLICT (id) DO UPDATE SET
  definition = a.definition || EXCLUDED.definition || jsonb_strip_nulls(jsonb_build_object(
      'name', (a.definition -> 'name') || (EXCLUDED.definition -> 'name'),
      'description', (a.definition -> 'description') || (EXCLUDED.definition -> 'description'))),
  updated = EXCLUDED.updated
