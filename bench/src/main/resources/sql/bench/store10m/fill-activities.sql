-- The canonical activity definitions the LRS keeps per organisation (V10) for the modules the generated statements
-- carry: each organisation has every shared module and its own courses (a fill of millions draws them all), with
-- the definition a statement sends. Ones the seed requests stored already are left as the LRS wrote them.
INSERT INTO lrs.activity (organisation, id, definition, updated)
SELECT o.id, m.iri, m.object -> 'definition', $1::timestamptz
FROM bench.module m JOIN bench.organisation o ON m.org IS NULL OR m.org = o.n
ON CONFLICT (organisation, id) DO NOTHING
