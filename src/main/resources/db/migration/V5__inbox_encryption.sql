-- Uploads in progress are encrypted in the SFTP inboxes too: one inbox key for the hub, wrapped by
-- the master key, and a fresh nonce per upload, kept while the upload may still be resumed.

create table inbox_key (
  id int primary key check (id = 1),
  wrapped bytea not null,
  master_version text not null,
  created_at timestamptz not null
);

create table inbox_upload (
  district text not null references district (code),
  name text not null,
  nonce bytea not null,
  started_at timestamptz not null,
  primary key (district, name)
);
