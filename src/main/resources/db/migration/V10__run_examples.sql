-- What releasing a held run would change: a few records of each kind (added, updated, removed),
-- by their key and recognisable fields, kept when the run is held so an engineer can review it.
create table run_example (
  run_id bigint not null references ingest_run (id) on delete cascade,
  seq integer not null,
  kind text not null check (kind in ('ADDED', 'UPDATED', 'REMOVED')),
  columns text[] not null,
  vals text[] not null,
  primary key (run_id, seq)
);
