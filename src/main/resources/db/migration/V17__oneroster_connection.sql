-- A district's OneRoster REST service: where the hub pulls its roster from when its SIS is not
-- PowerSchool. The client secret is kept encrypted by the master key, bound to its district, and
-- is read back only to ask for a token.
create table oneroster_connection (
  district text primary key references district (code),
  base_url text not null,
  token_url text not null,
  client_id text not null,
  -- 1.1 or 1.2: the two differ in paths and in how users carry their roles
  version text not null,
  client_secret bytea not null,
  secret_master_version text not null,
  updated_by text not null,
  updated_at timestamptz not null,
  -- the last connection test and pull, for the settings page
  last_test_at timestamptz,
  last_test_ok boolean,
  last_test_summary text,
  last_pull_at timestamptz,
  last_pull_ok boolean,
  last_pull_summary text
);
