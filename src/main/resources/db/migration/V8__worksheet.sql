-- The Data Validation Worksheet: what a district says its data should look like, which the hub
-- compares with the live snapshot before the district is approved for training.
--
-- One row per district carries the two single numbers (teachers, courses), who changed it last and
-- the approval, so "changed after approval" is one row to update. Campus and grade lines and the
-- named students are rows of their own: a district states as many campuses as it has, without a
-- schema change. Actual values are never stored: they are computed from the live tables each time
-- the page is shown, so the comparison follows every nightly load.
create table worksheet (
  district text primary key references district (code),
  gpa_type text not null default 'WEIGHTED',
  expected_teachers integer check (expected_teachers >= 0),
  expected_courses integer check (expected_courses >= 0),
  updated_at timestamptz not null,
  updated_by text not null,
  approved_at timestamptz,
  approved_by text,
  approval_note text,
  check ((approved_at is null) = (approved_by is null))
);

create table worksheet_enrollment (
  district text not null references worksheet (district) on delete cascade,
  campus_id text not null,
  grade_level text not null,
  expected_students integer not null check (expected_students >= 0),
  primary key (district, campus_id, grade_level)
);

-- At most ten named students (checked by the application); position keeps the district's order.
create table worksheet_student (
  district text not null references worksheet (district) on delete cascade,
  position integer not null,
  student_id text not null,
  grade_level text,
  credits_earned numeric(7, 2),
  gpa numeric(7, 3),
  primary key (district, position),
  unique (district, student_id)
);

-- A waiver accepts one mismatching line, with the reason. It is bound to the expected value it
-- was given for: when the district changes that value, the old waiver no longer applies and is
-- removed, so an engineer never approves on a waiver of a statement nobody reviewed.
create table worksheet_waiver (
  district text not null references worksheet (district) on delete cascade,
  line_key text not null,
  expected text not null,
  reason text not null check (length(trim(reason)) > 0),
  waived_by text not null,
  waived_at timestamptz not null,
  primary key (district, line_key)
);
