-- The fuzz harness's database (test/fuzz): a non-superuser server role, a caller role switched to
-- per stream, row-level security by the caller's name, a view outside every scope, and a canary.
create extension if not exists pg_stat_statements;

create role wire_fuzz login password 'wire_fuzz';
create role fuzz_reader nologin;
grant fuzz_reader to wire_fuzz;

create schema fuzz;
create schema fuzz_b;
grant usage on schema fuzz, fuzz_b to fuzz_reader;

-- Filled by the harness from generated documents: tenant = the token name that may see the row.
create table fuzz.docs (id int primary key, tenant text not null, data jsonb not null);
alter table fuzz.docs enable row level security;
create policy own_rows on fuzz.docs for select to fuzz_reader
  using (tenant = current_setting('request.jwt.claims', true)::jsonb ->> 'sub');
create view fuzz.v_docs with (security_invoker = true) as
  select id, data || jsonb_build_object('id', id, 'tenant', tenant, 'view', 'fuzz.docs') as data from fuzz.docs;

create view fuzz.v_open as select g as id, jsonb_build_object('id', g, 'view', 'fuzz.open', 'n', g) as data from generate_series(1, 20) g;
create view fuzz.v_secret as select g as id, jsonb_build_object('id', g, 'view', 'fuzz.secret', 'secret', 'SECRET') as data from generate_series(1, 5) g;
create view fuzz_b.v_docs as select g as id, jsonb_build_object('id', g, 'view', 'fuzz_b.docs', 's', 'b') as data from generate_series(1, 10) g;
create view fuzz_b.v_notes as select g as id, jsonb_build_object('id', g, 'view', 'fuzz_b.notes') as data from generate_series(1, 3) g;
grant select on fuzz.docs, fuzz.v_docs, fuzz.v_open, fuzz.v_secret, fuzz_b.v_docs, fuzz_b.v_notes to fuzz_reader;

-- Must survive every request untouched.
create table fuzz.canary (id int primary key, note text not null);
insert into fuzz.canary values (1, 'still here');
grant select on fuzz.canary to fuzz_reader;
