-- People who sign in to the portal. Engineers and administrators see every district; a district
-- contact sees only the district named here. Passwords are kept as bcrypt hashes only.
create table portal_user (
  id bigserial primary key,
  email text not null unique,
  password_hash text not null,
  role text not null check (role in ('ADMIN', 'ENGINEER', 'DISTRICT_CONTACT')),
  district text references district (code),
  created_at timestamptz not null,
  password_set_at timestamptz not null,
  last_sign_in_at timestamptz,
  disabled_at timestamptz,
  check ((role = 'DISTRICT_CONTACT') = (district is not null))
);
