-- The hub's store: districts, received files, one run per data file with its issues, and one live
-- snapshot table per canonical data set. Column lists of the data set tables follow
-- org.pathways.hub.district.DataSet; SchemaTest keeps the two the same.

create table district (
  code text primary key,
  name text not null,
  state text not null check (state in ('TX', 'IN')),
  profile_id text not null,
  hold_threshold_pct integer not null default 10 check (hold_threshold_pct between 0 and 100),
  profile_override text,
  created_at timestamptz not null
);

create table received_file (
  id bigserial primary key,
  district text not null references district (code),
  file_name text not null,
  channel text not null,
  sha256 text not null,
  size_bytes bigint not null,
  vault_key text not null,
  received_at timestamptz not null
);

create index received_file_district on received_file (district, received_at);

create table ingest_run (
  id bigserial primary key,
  received_file_id bigint not null references received_file (id),
  district text not null references district (code),
  entry_name text not null,
  dataset text,
  part text,
  profile_id text not null,
  status text not null,
  stage text,
  content_sha256 text,
  rows_read bigint not null default 0,
  added bigint not null default 0,
  updated bigint not null default 0,
  unchanged bigint not null default 0,
  deactivated bigint not null default 0,
  errors bigint not null default 0,
  warnings bigint not null default 0,
  attempts integer not null default 0,
  message text,
  duplicate_of bigint references ingest_run (id),
  created_at timestamptz not null,
  started_at timestamptz,
  finished_at timestamptz,
  decided_by text,
  decision_reason text,
  decided_at timestamptz
);

create index ingest_run_pending on ingest_run (status) where status = 'RECEIVED';
create index ingest_run_district on ingest_run (district, dataset, part, id);

create table run_issue (
  run_id bigint not null references ingest_run (id) on delete cascade,
  seq integer not null,
  severity text not null,
  code text not null,
  line bigint not null,
  column_name text,
  value text,
  message text not null,
  primary key (run_id, seq)
);

create table run_issue_count (
  run_id bigint not null references ingest_run (id) on delete cascade,
  code text not null,
  severity text not null,
  count bigint not null,
  primary key (run_id, code)
);

create table students (
  district text not null references district (code),
  rec_key uuid not null,
  rec_hash uuid not null,
  live boolean not null default true,
  first_run bigint not null,
  last_run bigint not null,
  student_id text,
  state_student_id text,
  first_name text,
  last_name text,
  middle_name text,
  preferred_first_name text,
  birth_date date,
  gender text,
  grade_level text,
  campus_id text,
  campus_name text,
  graduation_year integer,
  graduation_plan text,
  endorsements text,
  program_of_study text,
  counselor_id text,
  counselor_email text,
  student_email text,
  enrollment_status text,
  entry_date date,
  withdrawal_date date,
  sped boolean,
  section_504 boolean,
  emergent_bilingual boolean,
  gifted_talented boolean,
  economically_disadvantaged boolean,
  fafsa_status text,
  gpa_weighted numeric,
  gpa_unweighted numeric,
  class_rank integer,
  class_size integer,
  primary key (district, rec_key)
);

create table teachers (
  district text not null references district (code),
  rec_key uuid not null,
  rec_hash uuid not null,
  live boolean not null default true,
  first_run bigint not null,
  last_run bigint not null,
  teacher_id text,
  state_staff_id text,
  first_name text,
  last_name text,
  email text,
  campus_id text,
  role text,
  active boolean,
  primary key (district, rec_key)
);

create table users (
  district text not null references district (code),
  rec_key uuid not null,
  rec_hash uuid not null,
  live boolean not null default true,
  first_run bigint not null,
  last_run bigint not null,
  email text,
  first_name text,
  last_name text,
  role text,
  campus_ids text,
  staff_id text,
  primary key (district, rec_key)
);

create table course_crosswalk (
  district text not null references district (code),
  rec_key uuid not null,
  rec_hash uuid not null,
  live boolean not null default true,
  first_run bigint not null,
  last_run bigint not null,
  local_course_id text,
  course_name text,
  state_course_code text,
  credits numeric,
  subject_area text,
  course_level text,
  grade_low text,
  grade_high text,
  terms integer,
  endorsement text,
  active boolean,
  primary key (district, rec_key)
);

create table grades (
  district text not null references district (code),
  rec_key uuid not null,
  rec_hash uuid not null,
  first_run bigint not null,
  last_run bigint not null,
  student_id text,
  school_year integer,
  term text,
  local_course_id text,
  section_id text,
  campus_id text,
  course_name text,
  grade_level_taken text,
  letter_grade text,
  numeric_grade numeric,
  credits_attempted numeric,
  credits_earned numeric,
  grade_status text,
  teacher_id text,
  state_course_code text,
  course_attempt_result text,
  dual_credit boolean,
  transfer boolean,
  primary key (district, rec_key)
);

create table gpa (
  district text not null references district (code),
  rec_key uuid not null,
  rec_hash uuid not null,
  first_run bigint not null,
  last_run bigint not null,
  student_id text,
  gpa_type text,
  gpa_value numeric,
  gpa_scale text,
  class_rank integer,
  class_size integer,
  as_of_date date,
  primary key (district, rec_key)
);

create table ibc (
  district text not null references district (code),
  rec_key uuid not null,
  rec_hash uuid not null,
  first_run bigint not null,
  last_run bigint not null,
  student_id text,
  ibc_code text,
  date_earned date,
  ibc_name text,
  vendor_code text,
  result text,
  school_year integer,
  primary key (district, rec_key)
);

create table course_requests (
  district text not null references district (code),
  rec_key uuid not null,
  rec_hash uuid not null,
  first_run bigint not null,
  last_run bigint not null,
  student_id text,
  school_year integer,
  local_course_id text,
  request_type text,
  priority integer,
  campus_id text,
  primary key (district, rec_key)
);

-- References from grades, requests, GPA and IBC are checked by student and course id.
create index students_student_id on students (district, student_id);
create index course_crosswalk_course_id on course_crosswalk (district, local_course_id);
