-- The live tables' keys keep a fifth of each leaf page free (fillfactor 80; PostgreSQL's default is
-- 90). A key declared so on the partitioned table passes its fillfactor to each partition's key,
-- whether the attach of a district's first load builds it or it is built here for a partition
-- already live. A later file's new records then fit beside their neighbours instead of splitting
-- nearly every leaf: a grades file's first current part (1.3 M records, in key order) went into the
-- 6.7 M-record partition of its history in 9.4 s instead of 12.1 s, and the key came out 308 MB
-- instead of 515 MB of half-empty pages after the splits (docs/benchmarks.md). A partitioned
-- index's options cannot be altered, so each key is declared again, as in V23.
do $$
declare
  t text;
begin
  foreach t in array array['students', 'teachers', 'users', 'course_crosswalk', 'grades', 'gpa',
      'ibc', 'course_requests'] loop
    execute format('alter table %I drop constraint %I, add primary key (rec_key, district)'
        ' with (fillfactor = 80)', t, t || '_pkey');
  end loop;
end
$$;
