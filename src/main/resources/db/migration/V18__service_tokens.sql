-- Service tokens of the read API: one or more per consumer (Pathways, a reporting job), each opening
-- all districts or a listed few. The token's id is public and names it in lists and the audit trail;
-- its secret is kept only as a SHA-256, as an upload API key's is.

create table service_token (
  id text primary key,
  consumer text not null,
  secret_sha256 text not null,
  -- Stated rather than inferred from having no district rows, so a lost row never widens a token.
  all_districts boolean not null,
  created_at timestamptz not null,
  revoked_at timestamptz,
  last_used_at timestamptz
);

create index service_token_consumer on service_token (consumer);

create table service_token_district (
  token_id text not null references service_token (id),
  district text not null references district (code),
  primary key (token_id, district)
);
