-- The live tables are written only by a load, inside the transaction of a locked run of an existing
-- district, so their district column never needs the per-row referential check. That check is a
-- trigger firing once per inserted row, and it doubled the cost of publishing a large file
-- (docs/benchmarks.md). The run and file tables keep their references.
alter table students drop constraint students_district_fkey;
alter table teachers drop constraint teachers_district_fkey;
alter table users drop constraint users_district_fkey;
alter table course_crosswalk drop constraint course_crosswalk_district_fkey;
alter table grades drop constraint grades_district_fkey;
alter table gpa drop constraint gpa_district_fkey;
alter table ibc drop constraint ibc_district_fkey;
alter table course_requests drop constraint course_requests_district_fkey;
