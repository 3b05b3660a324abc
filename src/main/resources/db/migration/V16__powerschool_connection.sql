-- Each district's PowerSchool API connection. The client secret is encrypted by the master key,
-- bound to its district, and read back only to sign in to PowerSchool: it is never shown again.
create table powerschool_connection (
  district text primary key references district (code),
  server_url text not null,
  client_id text not null,
  client_secret bytea not null,
  secret_master_version text not null,
  updated_by text not null,
  updated_at timestamptz not null,
  last_test_at timestamptz,
  last_test_ok boolean,
  last_test_summary text,
  last_pull_at timestamptz,
  last_pull_ok boolean,
  last_pull_summary text
);

-- One nightly API pull per district, night and source (powerschool, oneroster): the node whose
-- insert lands pulls; another node, or a second call on the same node, sees the row and does not.
create table pull_night (
  district text not null references district (code),
  night date not null,
  source text not null,
  claimed_at timestamptz not null,
  primary key (district, night, source)
);
