-- Each live record keeps a 64-bit hash of the line of text it was last loaded from, seeded with
-- everything else that decides what a line becomes (the file's layout and header, the district's
-- state, the validation rules; pipeline.LineSeed). A resend recognises an unchanged line by its
-- text alone, before splitting, mapping, validating or hashing its values: on most nights that is
-- nearly every line. Null where the record's line was not one whole line of text or raised any
-- issue (its issues are then raised again each night), and for records loaded before this column.
-- Adding a nullable column with no default rewrites no partition.
do $$
declare
  t text;
begin
  foreach t in array array['students', 'teachers', 'users', 'course_crosswalk', 'grades', 'gpa',
      'ibc', 'course_requests'] loop
    execute format('alter table %I add column line_hash bigint', t);
  end loop;
end
$$;
