-- Objects the integration tests stream from. Idempotent: the suite may run against a DATABASE_URL
-- that already has them.
drop schema if exists wire_test cascade;
create schema wire_test;

-- Heterogeneous documents: the same keys hold different JSON types in different rows.
create table wire_test.items (id int primary key, data jsonb not null);
insert into wire_test.items values
  (1,  '{"name": "alpha", "status": "active", "priority": 5, "owner": {"name": "Ada"}, "tags": ["red", "blue"], "done": false}'),
  (2,  '{"name": "beta", "status": "paused", "priority": 3, "owner": {"name": "Grace"}, "tags": ["blue"], "done": true}'),
  (3,  '{"name": "gamma", "status": "active", "priority": 1, "owner": {"name": "Ada"}, "tags": [], "done": false}'),
  (4,  '{"name": "delta", "status": "archived", "priority": "high", "owner": null, "tags": "red"}'),
  (5,  '{"name": "epsilon", "status": "active", "priority": null, "owner": {"name": "Linus", "team": "kernel"}}'),
  (6,  '{"name": "zeta", "status": 7, "priority": 4.5, "owner": "Ada", "tags": ["green"], "done": "yes"}'),
  (7,  '{"name": "eta", "priority": 2, "owner": {"name": "Ada"}, "tags": ["red"], "items": [{"sku": "A1"}, {"sku": "B2"}]}'),
  (8,  '{"name": "theta", "status": "active", "priority": 3.0, "owner": {"name": "Barbara"}, "tags": ["red", "green"], "done": true}'),
  (9,  '[1, 2, 3]'),
  (10, '"just a string"');
create view wire_test.v_items as select id, data from wire_test.items;

-- A view without a key column, and a table-backed entity (tv_ prefix).
create view wire_test.v_nokey as select data from wire_test.items where id <= 3;
create table wire_test.tv_snapshots (id int primary key, data jsonb not null);
insert into wire_test.tv_snapshots select g, jsonb_build_object('n', g) from generate_series(1, 5) g;

-- Unicode and escapes: the service must send PostgreSQL's own text byte for byte.
create table wire_test.texts (id int primary key, data jsonb not null);
insert into wire_test.texts values
  (1, jsonb_build_object('s', 'café 漢字 🎉 ñ')),
  (2, jsonb_build_object('s', E'quote " backslash \\ slash / tab \t newline \n cr \r')),
  (3, jsonb_build_object('s', E'control \u0001 \u001f bell \u0007', 'u', '\u00e9')),
  (4, '{"big": 12345678901234567890123456789, "small": 1e-30, "neg": -0.0, "exp": 1.5E+300}'),
  (5, '{"nested": {"a": [1, {"b": [true, false, null]}], "empty": {}, "none": []}}');
create view wire_test.v_texts as select id, data from wire_test.texts;

-- json (not jsonb): whitespace and key order are kept as stored.
create table wire_test.raw_json (id int primary key, data json not null);
insert into wire_test.raw_json values
  (1, '{ "b" : 1,   "a" : [ 1 , 2 ] }'),
  (2, '{"a": "x", "a": "duplicate keys survive in json"}'),
  (3, '{"n": 10}');
create view wire_test.v_raw_json as select id, data from wire_test.raw_json;

-- Sizes: a ~1 MB row (fits the default 1 MiB message cap) and a ~2 MB row (does not).
create table wire_test.blobs (id int primary key, data jsonb not null);
insert into wire_test.blobs values
  (1, jsonb_build_object('kind', 'small', 'pad', 'x')),
  (2, jsonb_build_object('kind', 'one_mb', 'pad', repeat('m', 1000000))),
  (3, jsonb_build_object('kind', 'two_mb', 'pad', repeat('t', 2000000)));
create view wire_test.v_blobs as select id, data from wire_test.blobs;

-- Many rows, for pagination, chunking, cancellation.
create table wire_test.numbers (id int primary key, data jsonb not null);
insert into wire_test.numbers
  select g, jsonb_build_object('n', g, 'even', g % 2 = 0, 'bucket', g % 10, 'label', 'row-' || g)
  from generate_series(1, 20000) g;
create view wire_test.v_numbers as select id, data from wire_test.numbers;

-- A query that takes a long time before its first row (for timeouts and cancellation).
create view wire_test.v_slow as
  select g as id, jsonb_build_object('n', g) as data from generate_series(1, 5) g where pg_sleep(1) is not null;

-- Wrong shapes: each must be refused with an error naming the view and the problem.
create view wire_test.v_no_data as select id, data as payload from wire_test.items;
create view wire_test.v_text_data as select id, data::text as data from wire_test.items;
create view wire_test.v_extra_column as select id, data, 'x'::text as extra from wire_test.items;
create view wire_test.x_hidden as select id, data from wire_test.items;  -- no entity prefix

-- Injection canary: must survive every test untouched.
create table wire_test.canary (id int primary key, note text not null);
insert into wire_test.canary values (1, 'still here');

-- A large result computed on the fly (no storage): ~250 MB of JSON in 1M rows, for backpressure
-- and cancellation tests that must never read it all.
-- No key column: a keyed view is streamed in id order, which a computed view can only give by sorting.
create view wire_test.v_large as
  select jsonb_build_object('n', g, 'pad', repeat('x', 200)) as data from generate_series(1, 1000000) g;

-- 1,000 rows at once, then row 1,001 after 30 s: the second FETCH of a stream waits in PostgreSQL.
create view wire_test.v_hold as
  select jsonb_build_object('seq', g) as data from generate_series(1, 1001) g
  where g <= 1000 or pg_sleep(30) is not null;

-- A statement that carries on after the first cancel it gets (it catches query_canceled and sleeps
-- again): what a cancel PostgreSQL dropped looks like to the server (one that reached the backend
-- before its statement started). Only a second cancel stops it.
create function wire_test.sleep_past_one_cancel() returns boolean language plpgsql as $$
begin
  perform pg_sleep(30);
  return true;
exception when query_canceled then
  perform pg_sleep(30);
  return true;
end $$;
create view wire_test.v_stubborn as
  select g as id, jsonb_build_object('n', g) as data from generate_series(1, 3) g where wire_test.sleep_past_one_cancel();

-- A role of its own for the CLI's Ctrl-C test: its backend is told apart in pg_stat_activity.
do $$
begin
  if not exists (select from pg_roles where rolname = 'wire_test_cli') then create role wire_test_cli; end if;
end $$;
alter role wire_test_cli login password 'cli-Pw-3e8b';
grant usage on schema wire_test to wire_test_cli;
grant select on wire_test.v_slow to wire_test_cli;

-- The numbers again, without a key column: a stream of it resumes by offset (RESUME_OFFSET).
create view wire_test.v_numbers_unkeyed as select data from wire_test.numbers;

