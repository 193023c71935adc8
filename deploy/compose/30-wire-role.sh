#!/usr/bin/env bash
# docker-compose.yml: PostgreSQL's init step (after the fixtures). The role fraiseql-wire logs in as,
# with the least rights SECURITY.md asks for: LOGIN, CONNECT, USAGE on the exposed schema and SELECT
# on its views. Runs once, when the database is first created.
set -euo pipefail
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
  -v password="${FRAISEQL_WIRE_DB_PASSWORD:?FRAISEQL_WIRE_DB_PASSWORD is not set}" -v db="$POSTGRES_DB" <<'SQL'
create role fraiseql_wire login password :'password';
grant connect on database :"db" to fraiseql_wire;
grant usage on schema test_staging to fraiseql_wire;
grant select on all tables in schema test_staging to fraiseql_wire;
SQL
