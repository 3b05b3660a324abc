-- Alerts: who hears about a district's nights, and every alert made, so that nothing is sent twice
-- (with two nodes, or when the evaluation runs again) and the portal can show what went out.

-- A district without a row has the defaults: e-mail to its district contacts, no webhook.
create table alert_setting (
  district text primary key references district (code),
  email_enabled boolean not null,
  to_contacts boolean not null,
  -- more addresses, one per line, such as the district's IT help desk
  extra_emails text not null,
  -- the engineer who answers for the district: escalations go to them (to every engineer when
  -- null)
  engineer text,
  webhook_enabled boolean not null,
  -- chat webhook URLs carry their token in the path: kept encrypted by the master key, shown as a
  -- hint (scheme, host and the last characters) only
  webhook_url bytea,
  webhook_master_version text,
  webhook_hint text,
  updated_by text not null,
  updated_at timestamptz not null
);

-- Staff who (do not) want the morning digest; without a row an engineer gets it, an
-- administrator does not.
create table alert_digest_choice (
  email text primary key,
  wanted boolean not null,
  updated_at timestamptz not null
);

create table alert_sent (
  id bigserial primary key,
  -- what makes it one alert: a second insert with the same key is dropped, whichever node tries
  dedupe_key text not null unique,
  kind text not null,
  channel text not null,
  -- an e-mail address, or 'webhook' and the URL's hint
  recipient text not null,
  district text references district (code),
  night date,
  -- the data sets it is about, as ',students,grades,'
  datasets text not null,
  subject text not null,
  -- the text of the mail or the JSON of the webhook: states and reasons, never student data
  body text not null,
  created_at timestamptz not null,
  sent_at timestamptz,
  attempts int not null default 0,
  last_error text,
  failed_at timestamptz
);

create index alert_sent_district on alert_sent (district, night);
