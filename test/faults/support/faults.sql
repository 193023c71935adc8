-- Entities of the fault suite (test/faults), in a schema of their own. Idempotent.
drop schema if exists faults cascade;
create schema faults;

-- 200,000 stored rows of ~150 bytes, seq = id. The index matches the service's order_by
-- expression (data -> 'seq', then the key), so `order_by: "seq"` needs no sort (docs/indexing.md).
create table faults.many (id int primary key, data jsonb not null);
insert into faults.many
  select g, jsonb_build_object('seq', g, 'label', 'row-' || g, 'pad', repeat('p', 100)) from generate_series(1, 200000) g;
create index many_seq on faults.many ((data -> 'seq'), id);
analyze faults.many;
create view faults.v_many as select id, data from faults.many;
-- The same rows without a key column: its streams resume by offset, so a fault that cuts one ends
-- the call (a keyed stream goes on within the call from its last row, issue 10).
create view faults.v_many_nokey as select data from faults.many;

-- Rows 1..4,999 are fine; computing row 5,000 raises division_by_zero (SQLSTATE 22012), as a bug
-- in a view would, after the rows before it were sent.
create view faults.v_error_at_5000 as
  select jsonb_build_object('seq', g, 'check', 1 / (g - 5000)) as data from generate_series(1, 10000) g;

-- Row 1 is small, row 2 is one 50 MB document (ROW_TOO_LARGE), computed on the fly.
create view faults.v_huge as
  select g as id, jsonb_build_object('seq', g, 'pad', repeat('h', case g when 2 then 50000000 else 10 end)) as data
  from generate_series(1, 2) g;

-- 1,000 rows at once, then row 1,001 after 30 s: a stream sends its first message at once and then
-- holds its connection (for counting free pool slots from outside, and for faults mid-stream).
create view faults.v_hold as
  select jsonb_build_object('seq', g) as data from generate_series(1, 1001) g
  where g <= 1000 or pg_sleep(30) is not null;
