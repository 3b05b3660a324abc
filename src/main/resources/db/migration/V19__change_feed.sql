-- The change feed of the read API: every record a load added, updated or deactivated (or removed),
-- so a consumer such as Pathways syncs what changed since its last call instead of everything.
--
-- A load writes its changes with the same statements that publish it (data-modifying CTEs that
-- return the rows they wrote), so a change is logged exactly when it is made and costs no second
-- pass over the live table. Its order within the run is change_seq.
--
-- The feed's order across runs is the order in which their publishes commit, not the order in
-- which they started: a large grades load that began first may commit after a small students load.
-- So each applied run takes a publication number at the very end of its transaction, under a
-- lock per district, and a consumer reads publications in that order: it never skips a run that
-- committed late, and never sees part of a run.

create table change_publication (
  pub_seq bigserial primary key,
  district text not null references district (code),
  dataset text not null,
  run_id bigint not null unique references ingest_run (id),
  published_at timestamptz not null,
  changes bigint not null,
  -- Set when retention deleted this run's changes; the row stays so an older cursor is told it
  -- expired instead of silently missing them.
  pruned_at timestamptz
);

create index change_publication_district on change_publication (district, pub_seq);

create sequence change_seq;

-- No reference to ingest_run and no district column: one row per changed record, written in bulk,
-- kept as narrow as it can be. rec_key is the hash the live tables are keyed by; the feed serves an
-- added or updated record's values from the live table (as they are now), and keeps only the key
-- fields of a deactivated or removed record (record), which may be gone from it. Keeping every
-- value here tripled the cost of a first load (docs/benchmarks.md).
create table change_log (
  run_id bigint not null,
  seq bigint not null,
  kind text not null,
  rec_key uuid not null,
  record jsonb,
  primary key (run_id, seq)
);
