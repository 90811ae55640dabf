#!/usr/bin/env bash
# Run the whole suite on SQLite and on PostgreSQL (when a server answers), the two passes side by side
# (each in its own temporary directory: data dir, keys, browser profiles), then print both logs.
# SAFEPLAN_REQUIRE_POSTGRES=1 (set by .ci/run) turns a missing PostgreSQL into a failure instead of a skip.
# SAFEPLAN_TESTS_SERIAL=1 runs the passes one after the other (less memory, easier to read live).
set -euo pipefail
BIN=${BIN:-.venv/bin}
PG_URL=${SAFEPLAN_TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test}
PYTEST_ARGS=${PYTEST_ARGS:-}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

pass() {  # pass NAME [VAR=value ...]: one pytest run in its own TMPDIR
  local name=$1; shift
  mkdir -p "$work/$name/tmp"
  env -u DATABASE_URL TMPDIR="$work/$name/tmp" SAFEPLAN_DATA_DIR="$work/$name/data" "$@" \
    "$BIN/pytest" $PYTEST_ARGS
}

pg_ok=0
if "$BIN/python" - "$PG_URL" <<'PY'
import sys
import psycopg
try:
    psycopg.connect(sys.argv[1].replace("postgres://", "postgresql://", 1), connect_timeout=3).close()
except Exception as exc:  # noqa: BLE001
    print(f"PostgreSQL not reachable: {exc}".splitlines()[0])
    sys.exit(1)
PY
then
  pg_ok=1
elif [ "${SAFEPLAN_REQUIRE_POSTGRES:-0}" = "1" ]; then
  echo "PostgreSQL is required (SAFEPLAN_REQUIRE_POSTGRES=1) but not reachable at $PG_URL" >&2
  exit 1
fi

if [ "$pg_ok" = 0 ]; then
  echo "== Test suite on SQLite =="
  pass sqlite
  echo "SKIPPED: the PostgreSQL run of the suite (no server at $PG_URL;"
  echo "         set SAFEPLAN_TEST_DATABASE_URL to point at one)."
  exit 0
fi

if [ "${SAFEPLAN_TESTS_SERIAL:-0}" = "1" ]; then
  echo "== Test suite on SQLite =="
  pass sqlite
  echo "== Test suite on PostgreSQL ($PG_URL) =="
  pass postgres DATABASE_URL="$PG_URL"
  exit 0
fi

echo "== Test suite on SQLite and on PostgreSQL ($PG_URL), side by side =="
pass sqlite >"$work/sqlite.log" 2>&1 & sqlite_pid=$!
pass postgres DATABASE_URL="$PG_URL" >"$work/postgres.log" 2>&1 & postgres_pid=$!
sqlite_status=0 postgres_status=0
wait "$sqlite_pid" || sqlite_status=1
wait "$postgres_pid" || postgres_status=1
echo "== Test suite on SQLite =="; cat "$work/sqlite.log"
echo "== Test suite on PostgreSQL ($PG_URL) =="; cat "$work/postgres.log"
[ "$sqlite_status" = 0 ] || echo "FAILED: the SQLite pass" >&2
[ "$postgres_status" = 0 ] || echo "FAILED: the PostgreSQL pass" >&2
[ "$sqlite_status" = 0 ] && [ "$postgres_status" = 0 ]
