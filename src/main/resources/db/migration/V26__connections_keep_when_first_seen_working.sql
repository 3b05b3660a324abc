-- The onboarding timeline's "Connection set up" is when a district's connection was first seen to
-- work. SFTP accounts, API keys and pull connections kept only their latest sign-in, use, test and
-- pull: a later sign-in moved that time later, and a later failing test or pull took the step
-- back to not done for a district that had nothing else to show. Each now also keeps the first.
alter table sftp_account add column first_login_at timestamptz;
update sftp_account set first_login_at = last_login_at;

alter table api_key add column first_used_at timestamptz;
update api_key set first_used_at = last_used_at;

alter table powerschool_connection
  add column first_test_ok_at timestamptz,
  add column first_pull_ok_at timestamptz;
update powerschool_connection
  set first_test_ok_at = case when last_test_ok then last_test_at end,
      first_pull_ok_at = case when last_pull_ok then last_pull_at end;

alter table oneroster_connection
  add column first_test_ok_at timestamptz,
  add column first_pull_ok_at timestamptz;
update oneroster_connection
  set first_test_ok_at = case when last_test_ok then last_test_at end,
      first_pull_ok_at = case when last_pull_ok then last_pull_at end;
