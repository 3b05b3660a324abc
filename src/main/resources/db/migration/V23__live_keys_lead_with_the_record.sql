-- The live tables' key leads with rec_key instead of district. A partition holds one district, so
-- a key that starts with district compares two equal texts before every record's hash: sorting it
-- cannot use PostgreSQL's abbreviated keys, and building the key of 6.7 M grades took 7.7 to 8.6 s
-- against 3.3 to 3.9 s for (rec_key, district); inserting 1.3 M more in key order, 8.5 s against
-- 6.4 s (docs/benchmarks.md). A key on a partitioned table must name the partition column; where
-- does not matter. Every lookup gives both columns, and a range or an order of one district's
-- records by rec_key reads this key as well as the old one.
do $$
declare
  t text;
begin
  foreach t in array array['students', 'teachers', 'users', 'course_crosswalk', 'grades', 'gpa',
      'ibc', 'course_requests'] loop
    execute format('alter table %I drop constraint %I', t, t || '_pkey');
    execute format('alter table %I add primary key (rec_key, district)', t);
  end loop;
end
$$;
