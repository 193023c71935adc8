-- Row-level security the PostgREST way (issue 12): callers' roles, switched to with SET LOCAL ROLE,
-- and policies that read request.jwt.claims. Idempotent: roles are cluster-wide and may exist already.
drop schema if exists sec_test cascade;
create schema sec_test;

do $$
begin
  if not exists (select from pg_roles where rolname = 'sec_reader') then create role sec_reader nologin; end if;
  if not exists (select from pg_roles where rolname = 'sec_auditor') then create role sec_auditor nologin; end if;
  if not exists (select from pg_roles where rolname = 'sec_nobody') then create role sec_nobody nologin; end if;
end $$;

-- Documents of two tenants. Readers see the rows of the tenant in their claims; auditors see all.
create table sec_test.docs (id int primary key, tenant text not null, data jsonb not null);
insert into sec_test.docs values
  (1, 'acme',   '{"title": "acme plan", "n": 1}'),
  (2, 'acme',   '{"title": "acme budget", "n": 2}'),
  (3, 'globex', '{"title": "globex plan", "n": 3}'),
  (4, 'globex', '{"title": "globex memo", "n": 4}'),
  (5, 'initech', '{"title": "initech report", "n": 5}');
alter table sec_test.docs enable row level security;
create policy by_tenant on sec_test.docs for select to sec_reader
  using (tenant = current_setting('request.jwt.claims', true)::jsonb ->> 'tenant');
create policy audit_all on sec_test.docs for select to sec_auditor using (true);

-- security_invoker: the view reads the table as the caller's role, so the policies apply.
create view sec_test.v_docs with (security_invoker = true) as select id, data from sec_test.docs;
-- What a stream sees of its session: the role and the claims settings.
create view sec_test.v_whoami as
  select 1 as id, jsonb_build_object(
    'user', current_user,
    'claims', current_setting('request.jwt.claims', true),
    'tenant', current_setting('request.jwt.claim.tenant', true),
    'sub', current_setting('request.jwt.claim.sub', true)) as data;
create view sec_test.v_other as select id, data from sec_test.docs where false;

grant usage on schema sec_test to sec_reader, sec_auditor;
grant select on sec_test.docs, sec_test.v_docs, sec_test.v_whoami, sec_test.v_other to sec_reader, sec_auditor;
