-- Receiving: SFTP accounts of a district's SIS jobs, API keys of scripts that push files, and the
-- audit trail of who did what with a district's data.

create table sftp_account (
  id bigserial primary key,
  district text not null references district (code),
  username text not null unique,
  -- A bcrypt hash; null for an account that signs in with keys only.
  password_hash text,
  created_at timestamptz not null,
  password_set_at timestamptz,
  revoked_at timestamptz,
  last_login_at timestamptz
);

create index sftp_account_district on sftp_account (district);

create table sftp_account_key (
  account_id bigint not null references sftp_account (id),
  fingerprint text not null,
  public_key text not null,
  added_at timestamptz not null,
  primary key (account_id, fingerprint)
);

create table api_key (
  id bigserial primary key,
  district text not null references district (code),
  -- The key's public prefix, shown in lists and logs; the secret part is kept only as a hash.
  prefix text not null unique,
  secret_sha256 text not null,
  label text,
  created_at timestamptz not null,
  revoked_at timestamptz,
  last_used_at timestamptz
);

create table audit_event (
  id bigserial primary key,
  at timestamptz not null,
  actor text not null,
  action text not null,
  district text,
  target text,
  remote text,
  outcome text not null,
  detail text
);

create index audit_event_district_at on audit_event (district, at);
