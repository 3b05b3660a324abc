-- What the anomaly checks compare a new file with: facts of each good (loaded or released) run,
-- recorded in the same transaction as its data. Runs loaded before these columns existed keep
-- nulls and are left out of the comparisons that need them.
alter table ingest_run add column entry_bytes bigint;
-- The header as the file wrote it (names trimmed), or null for a file without a header.
alter table ingest_run add column header text[];
-- Rows whose local_course_id is missing from the course crosswalk, where the run checked it.
alter table ingest_run add column course_missing bigint;
