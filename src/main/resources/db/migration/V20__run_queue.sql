-- Worker nodes look for waiting runs every few seconds: the few waiting ones are found without
-- reading the history of every run.
create index ingest_run_waiting on ingest_run (district, id) where status = 'RECEIVED';
