-- After the fill: the indexes drop-indexes.sql set aside, built again from the definitions PostgreSQL printed for
-- them (constraints as constraints, under their own names). One per call: $1 its name.
SELECT table_name, index_name, index_def, constraint_def FROM bench.dropped_index WHERE index_name = $1
