#!/usr/bin/env bash
# Run the whole suite on SQLite, then again on PostgreSQL when a server answers.
# SAFEPLAN_REQUIRE_POSTGRES=1 (set by .ci/run) turns a missing PostgreSQL into a failure instead of a skip.
set -euo pipefail
BIN=${BIN:-.venv/bin}
PG_URL=${SAFEPLAN_TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test}
PYTEST_ARGS=${PYTEST_ARGS:-}

echo "== Test suite on SQLite =="
env -u DATABASE_URL "$BIN/pytest" $PYTEST_ARGS

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
  echo "== Test suite on PostgreSQL ($PG_URL) =="
  DATABASE_URL="$PG_URL" "$BIN/pytest" $PYTEST_ARGS
else
  if [ "${SAFEPLAN_REQUIRE_POSTGRES:-0}" = "1" ]; then
    echo "PostgreSQL is required (SAFEPLAN_REQUIRE_POSTGRES=1) but not reachable at $PG_URL" >&2
    exit 1
  fi
  echo "SKIPPED: the PostgreSQL run of the suite (no server at $PG_URL;"
  echo "         set SAFEPLAN_TEST_DATABASE_URL to point at one)."
fi
