-- Objects the error tests (test/integration/errors-*.spec.ts) break on purpose. Idempotent.
drop schema if exists errors_test cascade;
create schema errors_test;

create view errors_test.v_open as select g as id, jsonb_build_object('n', g) as data from generate_series(1, 3) g;
create view errors_test.v_secret as select 1 as id, '{"s": 1}'::jsonb as data;
create view errors_test.v_doomed as select 1 as id, '{"d": 1}'::jsonb as data;
create view errors_test.v_changing as select 1 as id, '{"c": 1}'::jsonb as data;
-- Fails on its second row (division by zero), after the first fetch has begun.
create view errors_test.v_broken as select jsonb_build_object('r', 1 / (g - 2)) as data from generate_series(1, 3) g;
-- repeat() refuses a result over 1 GB: SQLSTATE 54000 program_limit_exceeded.
create view errors_test.v_too_big as select g as id, jsonb_build_object('x', repeat('x', 1100000000 + g)) as data from generate_series(1, 1) g;
-- Raises a chosen SQLSTATE per row, with a message that must never reach a client.
create function errors_test.fail_with(state text) returns jsonb language plpgsql as $$
begin
  raise exception 'SECRET internal detail %', state using errcode = state;
end $$;
create view errors_test.v_internal as select 1 as id, errors_test.fail_with('XX000') as data;
create view errors_test.v_conflict as select 1 as id, errors_test.fail_with('40001') as data;
create view errors_test.v_sleepy as
  select g as id, jsonb_build_object('n', g) as data from generate_series(1, 5) g where pg_sleep(1) is not null;
create view errors_test.v_many as
  select g as id, jsonb_build_object('n', g, 'pad', repeat('p', 200)) as data from generate_series(1, 20000) g;

-- Roles with passwords (scram-sha-256 on the embedded server) and deliberately missing rights.
do $$
begin
  if not exists (select from pg_roles where rolname = 'errors_test_reader') then create role errors_test_reader; end if;
  if not exists (select from pg_roles where rolname = 'errors_test_nolimit') then create role errors_test_nolimit; end if;
  if not exists (select from pg_roles where rolname = 'errors_test_idle') then create role errors_test_idle; end if;
end $$;
alter role errors_test_reader login password 'reader-Pw-7f3a';
alter role errors_test_nolimit login password 'nolimit-Pw-91c2' connection limit 0;
alter role errors_test_idle login password 'idle-Pw-5d0e';
alter role errors_test_idle set idle_in_transaction_session_timeout = '300ms';
grant usage on schema errors_test to errors_test_reader, errors_test_idle;
grant select on errors_test.v_open, errors_test.v_many to errors_test_reader, errors_test_idle;
