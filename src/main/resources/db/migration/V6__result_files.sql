-- The result files the hub writes into a bucket's /results are encrypted on disk like uploads in
-- progress (they quote values from the district's files); each has its own nonce.
create table result_file (
  district text not null references district (code),
  name text not null,
  nonce bytea not null,
  written_at timestamptz not null,
  primary key (district, name)
);
