-- The encrypted vault: one keyset per district, wrapped by the master key, and the record of raw
-- files deleted by the retention policy (docs/decisions/0003-vault-encryption.md).

-- A district's Tink streaming AEAD keyset, encrypted by the master key with the district's code as
-- associated data. No foreign key to district: keys outlive nothing else and are never cascaded.
create table vault_keyset (
  district text primary key,
  keyset bytea not null,
  -- the master key version that wrapped it, such as key-file:123456789
  master_version text not null,
  -- bumped by every change, so a node knows its unwrapped copy is stale
  version bigint not null,
  key_count integer not null,
  primary_key_id bigint not null,
  created_at timestamptz not null,
  rotated_at timestamptz,
  rewrapped_at timestamptz
);

-- A purged file keeps its row, so its runs stay listed; only the raw bytes are gone.
alter table received_file
  add column purged_at timestamptz,
  add column purged_by text,
  add column purge_reason text;

create index received_file_unpurged on received_file (received_at) where purged_at is null;
