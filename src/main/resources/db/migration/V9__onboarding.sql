-- Onboarding: a district's integration settings and the onboarding steps an engineer marked done.
-- Kept apart from the district table so District and everything that reads it stay as they are.

create table district_integration (
  district text primary key references district (code),
  -- Null: the default for the district's SIS (API for PowerSchool, manual for Harmony, else SFTP).
  transfer_method text check (transfer_method in ('SFTP', 'API', 'MANUAL')),
  -- The nightly deadline on the Central (America/Chicago) clock; null: 02:00, or 01:00 for Cognos.
  deadline time,
  kickoff_date date,
  training_date date check (training_date is null or kickoff_date is null or training_date > kickoff_date),
  -- Consecutive nights on which every expected data set arrived on time that show automatic sends work.
  on_time_nights integer not null default 3 check (on_time_nights between 1 and 14),
  updated_at timestamptz not null,
  updated_by text not null
);

-- One row per step an engineer marked done; undoing the mark deletes it (the audit trail keeps both).
create table onboarding_mark (
  district text not null references district (code),
  step text not null,
  marked_at timestamptz not null,
  marked_by text not null,
  note text not null,
  primary key (district, step)
);
