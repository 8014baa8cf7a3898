#!/bin/sh
# The PostgreSQL schema's own check (tests/pg/check-schema.sql: every trigger,
# refusal, running total, clock_dirty and search) on a fresh database that
# diogelu-cli created. Runs only on the PostgreSQL half of the suite
# ($DIOGELU_TEST_PG_URI names the server's maintenance database); skipped (77)
# otherwise.
set -eu
src=$1
[ -n "${DIOGELU_TEST_PG_URI:-}" ] || { echo "SQLite run: nothing to check"; exit 77; }
name="dgschema_$$"
uri="${DIOGELU_TEST_PG_URI%/*}/$name"
psql -X -q -v ON_ERROR_STOP=1 "$DIOGELU_TEST_PG_URI" -c "CREATE DATABASE $name"
trap 'psql -X -q "$DIOGELU_TEST_PG_URI" -c "DROP DATABASE IF EXISTS $name WITH (FORCE)"' EXIT
"$DIOGELU_CLI" --db "$uri" init
psql -X -v ON_ERROR_STOP=1 -f "$src/tests/pg/check-schema.sql" "$uri"
