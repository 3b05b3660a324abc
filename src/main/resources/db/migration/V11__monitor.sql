-- Nightly operations: which data sets a district is expected to send on which nights, the windows
-- in which nothing is expected (summer, rollover), and how each night went.

-- A district's expectations differ from its profile's defaults only where a row says so: by
-- default every data set its SIS profile sends is expected every night (a manual-upload district:
-- once a semester).
create table expectation (
  district text not null references district (code),
  dataset text not null,
  -- the nights (named by the day they start on) on which the data set is expected, such as
  -- 'MON,TUE,WED,THU,FRI'; empty for never
  nights text not null,
  updated_by text not null,
  updated_at timestamptz not null,
  primary key (district, dataset)
);

create table pause_window (
  id bigserial primary key,
  district text not null references district (code),
  starts date not null,
  ends date not null,
  reason text not null,
  created_by text not null,
  created_at timestamptz not null,
  check (ends >= starts)
);

create index pause_window_district on pause_window (district, starts);

-- How a night went, written once when its deadline passes, and changed once more if a missing
-- file arrives late.
create table night_status (
  district text not null references district (code),
  night date not null,
  dataset text not null,
  state text not null,
  run_id bigint,
  received_at timestamptz,
  reason text not null,
  evaluated_at timestamptz not null,
  primary key (district, night, dataset)
);

-- db-scheduler's table (its PostgreSQL schema): the nightly work is claimed here, so one node
-- runs it once, and a restart resumes it.
create table scheduled_tasks (
  task_name text not null,
  task_instance text not null,
  task_data bytea,
  execution_time timestamptz not null,
  picked boolean not null,
  picked_by text,
  last_success timestamptz,
  last_failure timestamptz,
  consecutive_failures int,
  last_heartbeat timestamptz,
  version bigint not null,
  priority smallint,
  primary key (task_name, task_instance)
);

create index execution_time_idx on scheduled_tasks (execution_time);
create index last_heartbeat_idx on scheduled_tasks (last_heartbeat);
create index priority_execution_time_idx on scheduled_tasks (priority desc, execution_time asc);

-- The nights already evaluated, whether or not anything was due: the row is the claim, so when two
-- nodes evaluate at once only the one whose insert succeeds records the night and sends alerts.
create table night_evaluated (
  district text not null references district (code),
  night date not null,
  evaluated_at timestamptz not null,
  primary key (district, night)
);
