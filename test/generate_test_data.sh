#!/usr/bin/env bash
# Generate deterministic staging data for fraiseql-wire in schema test_staging.
#
#   DATABASE_URL=postgres://... test/generate_test_data.sh [--refresh] <rows> [shape...]
#
#   rows    row count per shape: 1000, 100000, 1000000, or 1K / 100K / 1M (also 2.5M, 10k)
#   shape   projects | documents | assets | trees   (default: all four)
#   --refresh  regenerate every generated row (use after changing an fx_* function)
#
# Applies test/fixtures/schema.sql first, then for each shape makes the generated rows exactly
# 1..N, in SQL from generate_series: row i has id md5('<shape>-' || i)::uuid, seq = i and data
# test_staging.fx_project / fx_document / fx_asset / fx_tree (id, i), derived from i only (no
# random()). So re-running with the same N leaves the same rows and counts; a smaller N deletes
# the rows with seq > N (0 deletes them all); a larger N adds only the missing rows. Seed rows
# (seq < 0, from fixtures/seed_data.sql) and hand-inserted rows (seq null) are never touched.
#
# Per-shape caps keep the staging database under ~5 GB with every shape at its cap
# (see test/fixtures/README.md for measured sizes); a larger request is clamped with a
# warning. FX_NO_CAPS=1 lifts the caps.
#   projects 2000000 (~1.4 GB)   documents 100000 (~0.45 GB)   assets 5000 (~0.95 GB)
#   trees 500000 (~0.7 GB)
#
# Environment: DATABASE_URL (required), PSQL (psql binary, default: psql on PATH),
# FX_JOBS (parallel sessions, default: CPU count up to 4), FX_NO_CAPS=1.
#
# Do not run two generators against one database at once. Big loads drop and rebuild the
# table's keys and indexes (meanwhile readers see a partial, unindexed table); if a run is
# interrupted, running the script again (or fixtures/schema.sql) puts them back.
set -euo pipefail

usage() {
  sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//' >&2
  exit 2
}

die() { echo "generate_test_data: $*" >&2; exit 1; }

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
schema_sql="$here/fixtures/schema.sql"
[[ -r "$schema_sql" ]] || die "cannot read $schema_sql"

refresh=0
args=()
for a in "$@"; do
  case "$a" in
    --refresh) refresh=1 ;;
    -h|--help) usage ;;
    -*) die "unknown option $a (see --help)" ;;
    *) args+=("$a") ;;
  esac
done
[[ ${#args[@]} -ge 1 ]] || usage

rows_arg="${args[0]}"
shapes=("${args[@]:1}")
[[ ${#shapes[@]} -gt 0 ]] || shapes=(projects documents assets trees)

# 1000 | 1K | 1k | 100K | 1M | 2.5M
if [[ "$rows_arg" =~ ^([0-9]+)$ ]]; then
  rows=$((10#${BASH_REMATCH[1]}))
elif [[ "$rows_arg" =~ ^([0-9]+)(\.([0-9]+))?([kKmM])$ ]]; then
  int="${BASH_REMATCH[1]}" frac="${BASH_REMATCH[3]}" unit="${BASH_REMATCH[4]}"
  case "$unit" in k|K) mult=1000 ;; m|M) mult=1000000 ;; esac
  rows=$(( 10#$int * mult ))
  if [[ -n "$frac" ]]; then
    rows=$(( rows + 10#$frac * mult / 10**${#frac} ))
  fi
else
  die "rows must be a number like 1000, 100K or 1M, not '$rows_arg'"
fi
(( rows <= 2147483647 )) || die "rows too large: $rows_arg"

declare -A cap=([projects]=2000000 [documents]=100000 [assets]=5000 [trees]=500000)
declare -A fn=([projects]=fx_project [documents]=fx_document [assets]=fx_asset [trees]=fx_tree)
# created_at of row i (data.created / created hold the same instant where the shape has one)
declare -A created=(
  [projects]="timestamptz '2024-01-01 00:00:00+00' + (g.i % 8760) * interval '1 hour'"
  [documents]="timestamptz '2023-01-01 00:00:00+00' + g.i * interval '1 hour'"
  [assets]="timestamptz '2023-06-01 00:00:00+00' + g.i * interval '1 minute'"
  [trees]="timestamptz '2023-09-01 00:00:00+00' + g.i * interval '1 minute'"
)
for s in "${shapes[@]}"; do
  [[ -n "${cap[$s]:-}" ]] || die "unknown shape '$s' (projects, documents, assets, trees)"
done

[[ -n "${DATABASE_URL:-}" ]] || die "DATABASE_URL is not set (e.g. postgres://postgres@127.0.0.1:5432/postgres)"
PSQL="${PSQL:-psql}"
command -v "$PSQL" >/dev/null 2>&1 || die "psql not found (install the PostgreSQL client, e.g. apt-get install postgresql-client, or set PSQL)"

export PGOPTIONS="${PGOPTIONS:-} -c client_min_messages=warning"
psql_run() { "$PSQL" "$DATABASE_URL" -X -q -v ON_ERROR_STOP=1 "$@"; }
now_ms() { date +%s%3N; }

psql_run -c 'select 1' >/dev/null || die "cannot connect to DATABASE_URL"

# Parallel sessions for inserts and index builds (default: CPU count, at most 4).
jobs="${FX_JOBS:-$(nproc 2>/dev/null || echo 2)}"
[[ "$jobs" =~ ^[0-9]+$ ]] && (( jobs >= 1 )) || die "FX_JOBS must be a positive number"
(( jobs <= 4 )) || [[ -n "${FX_JOBS:-}" ]] || jobs=4

t_all=$(now_ms)
psql_run -f "$schema_sql" || die "applying $schema_sql failed"

# Every session of this run carries this application_name, so that an interrupted run can
# cancel its statements still running on the server (a killed psql alone would not stop them).
export PGAPPNAME="fraiseql-wire-generate-$$"
bg_pids=()
on_signal() {
  trap - INT TERM
  "$PSQL" "$DATABASE_URL" -X -q -At -c "select pg_cancel_backend(pid) from pg_stat_activity
      where application_name = '$PGAPPNAME' and pid <> pg_backend_pid()" >/dev/null 2>&1 || true
  (( ${#bg_pids[@]} == 0 )) || kill -TERM "${bg_pids[@]}" 2>/dev/null || true
  wait || true
  echo "generate_test_data: interrupted (running the script again repairs a half-done load)" >&2
  exit 130
}
trap on_signal INT TERM

run_parallel() {
  # run_parallel <label> <sql>... : each SQL string in its own psql session, all at once.
  local label="$1"; shift
  local sql rc=0 pid
  bg_pids=()
  for sql in "$@"; do
    "$PSQL" "$DATABASE_URL" -X -q -v ON_ERROR_STOP=1 -c "set synchronous_commit = off" \
      -c "set maintenance_work_mem = '128MB'" -c "set work_mem = '64MB'" -c "$sql" &
    bg_pids+=($!)
  done
  for pid in "${bg_pids[@]}"; do wait "$pid" || rc=$?; done
  bg_pids=()
  (( rc == 0 )) || die "$label failed (re-running the script repairs a half-done load)"
}

for shape in "${shapes[@]}"; do
  n=$rows
  if (( n > ${cap[$shape]} )) && [[ "${FX_NO_CAPS:-0}" != 1 ]]; then
    echo "generate_test_data: $shape capped at ${cap[$shape]} rows (asked $n; FX_NO_CAPS=1 lifts caps)" >&2
    n=${cap[$shape]}
  fi
  t0=$(now_ms)

  # Phase 1, one transaction: delete rows beyond N (all generated rows with --refresh), count
  # the missing ones. When many are missing ("bulk"), drop the table's keys and indexes - loading
  # an unindexed table and building the indexes afterwards is several times faster - and print
  # the statements that re-create them.
  plan=$(psql_run -At -v shape="$shape" -v n="$n" -v refresh="$refresh" <<SQL
set synchronous_commit = off;
begin;
select pg_advisory_xact_lock(hashtext('fraiseql-wire generate_test_data ' || :'shape')) \gset lock_
\if :refresh
with d as (delete from test_staging.$shape where seq > 0 returning 1)
select count(*) > 0 as deleted from d \gset
\else
with d as (delete from test_staging.$shape where seq > :n returning 1)
select count(*) > 0 as deleted from d \gset
\endif
select count(*) filter (where seq between 1 and :n) < :n as missing,
       (:n - count(*) filter (where seq between 1 and :n)) >= 50000
         and (:n - count(*) filter (where seq between 1 and :n)) * 4 >= count(*) as bulk
  from test_staging.$shape \gset
select 'plan ' || :'missing' || ' ' || :'bulk' || ' ' || :'deleted';
\if :bulk
create temp table fx_keys on commit drop as
  select pg_get_indexdef(i.indexrelid) as def,
         case when c.oid is not null then
           format('alter table %s add constraint %I %s using index %I', i.indrelid::regclass,
                  c.conname, case c.contype when 'p' then 'primary key' else 'unique' end,
                  c.conname) end as attach,
         case when c.oid is null then format('drop index %s', i.indexrelid::regclass)
              else format('alter table %s drop constraint %I', i.indrelid::regclass, c.conname)
         end as undo
  from pg_index i
  left join pg_constraint c
    on c.conindid = i.indexrelid and c.conrelid = i.indrelid and c.contype in ('p', 'u')
  where i.indrelid = 'test_staging.$shape'::regclass;
select 'index ' || def from fx_keys;
select 'attach ' || attach from fx_keys where attach is not null;
do \$\$
declare r record;
begin
  for r in select undo from fx_keys loop
    execute r.undo;
  end loop;
end
\$\$;
\endif
commit;
SQL
  ) || die "$shape: preparing the load failed"

  missing=f bulk=f deleted=f
  indexes=() attach=()
  while IFS= read -r line; do
    case "$line" in
      "plan "*) read -r _ missing bulk deleted <<<"$line" ;;
      "index "*) indexes+=("${line#index }") ;;
      "attach "*) attach+=("${line#attach }") ;;
    esac
  done <<<"$plan"

  # Phase 2: insert the missing rows, split over $jobs sessions (row i goes to session i % jobs).
  if [[ "$missing" == t ]]; then
    inserts=()
    for (( k = 0; k < jobs; k++ )); do
      inserts+=("insert into test_staging.$shape (id, created_at, data, seq)
        select g.id, ${created[$shape]}, test_staging.${fn[$shape]}(g.id, g.i), g.i
        from (select i, md5('$shape-' || i)::uuid as id
              from generate_series(1, $n) i where i % $jobs = $k offset 0) g
        where not exists (select 1 from test_staging.$shape t where t.seq = g.i)
        on conflict do nothing")
    done
    run_parallel "$shape: insert" "${inserts[@]}"
  fi
  t1=$(now_ms)

  # Phase 3: re-create the dropped indexes (CREATE INDEX builds do not block each other): each
  # GIN index (the slow ones) in its own session, the btree indexes one after the other in one
  # more session without parallel workers, so that they leave the GIN builds a core. Then turn
  # the unique indexes back into the primary key and unique constraints (ALTER TABLE ... USING
  # INDEX only takes a moment).
  if (( ${#indexes[@]} > 0 )); then
    sessions=() btrees="set max_parallel_maintenance_workers = 0"
    for def in "${indexes[@]}"; do
      if [[ "$def" == *" USING btree "* ]]; then btrees+="; $def"; else sessions+=("$def"); fi
    done
    sessions+=("$btrees")
    run_parallel "$shape: re-creating indexes" "${sessions[@]}"
  fi
  if (( ${#attach[@]} > 0 )); then
    printf '%s;\n' begin "${attach[@]}" commit | psql_run || die "$shape: re-adding keys failed"
  fi
  t2=$(now_ms)
  # After deleting rows, vacuum too, so that their space is reused and scans stay short.
  if [[ "$deleted" == t ]]; then
    psql_run -c "vacuum (analyze) test_staging.$shape"
  else
    psql_run -c "analyze test_staging.$shape"
  fi
  t3=$(now_ms)
  printf '%-10s %9d rows  %7.2f s  (insert %.2f s, indexes %.2f s, analyze %.2f s)%s\n' \
    "$shape" "$n" "$(( t3 - t0 ))e-3" "$(( t1 - t0 ))e-3" "$(( t2 - t1 ))e-3" "$(( t3 - t2 ))e-3" \
    "$(if [[ $missing == t ]]; then :; elif [[ $deleted == t ]]; then echo '  (deleted rows above N)'; else echo '  (already complete)'; fi)"
done

echo
psql_run -P footer=off <<'SQL'
select t.shape,
       t.total as rows,
       t.generated,
       t.seed,
       t.total - t.generated - t.seed as other,
       pg_size_pretty(pg_total_relation_size(('test_staging.' || t.tbl)::regclass)) as size
from (
  select 'projects' as shape, 'projects' as tbl, count(*) as total,
         count(*) filter (where seq > 0) as generated, count(*) filter (where seq < 0) as seed
    from test_staging.projects
  union all
  select 'documents', 'documents', count(*), count(*) filter (where seq > 0), count(*) filter (where seq < 0)
    from test_staging.documents
  union all
  select 'assets', 'assets', count(*), count(*) filter (where seq > 0), count(*) filter (where seq < 0)
    from test_staging.assets
  union all
  select 'trees', 'trees', count(*), count(*) filter (where seq > 0), count(*) filter (where seq < 0)
    from test_staging.trees
  union all
  select 'raw_events', 'events_json', count(*), count(*) filter (where seq > 0), count(*) filter (where seq < 0)
    from test_staging.events_json
) t;
select pg_size_pretty(pg_database_size(current_database())) as database_size;
SQL
t_end=$(now_ms)
printf 'total %.2f s\n' "$(( t_end - t_all ))e-3"
