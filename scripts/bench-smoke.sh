#!/usr/bin/env bash
# Every benchmark once at a small size, so none can rot (issue 15). Each must print JSON; the numbers at
# this size mean nothing. The PostgreSQL-only audit benchmark runs when a server answers (CI has one).
set -euo pipefail
BIN=${BIN:-.venv/bin}
PG_URL=${SAFEPLAN_TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test}
PG_ROOT=${PG_URL%/*}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
http="--clients 50 --seconds 0.5 --workers 1 --concurrency 1"
run() {
  local name=$1; shift
  if [ -n "${BENCH_ONLY:-}" ] && [[ " $BENCH_ONLY " != *" $name "* ]]; then return; fi
  local started=$SECONDS
  if ! "$BIN/python" -m "bench.$name" "$@" >"$out/$name.json" 2>"$out/$name.err"; then
    tail -30 "$out/$name.err" >&2; echo "bench-smoke: bench.$name failed" >&2; exit 1
  fi
  "$BIN/python" -c 'import json,sys; json.load(open(sys.argv[1]))' "$out/$name.json" \
    || { echo "bench-smoke: bench.$name printed no JSON" >&2; exit 1; }
  echo "bench-smoke: bench.$name ok ($((SECONDS - started)) s)"
}
run client_page $http
run crisis_screens $http
run crisis_mode $http --entries 20
run plans_current_plan --clients 50 --versions 2 --seconds 0.5 --workers 1 --concurrency 1
run followup_dashboard --sizes 50 --seconds 0.5 --workers 1 --concurrency 1
run directory_nearest --lookups 10000
run risk_assessments --history 20 --repeat 5
run records_operations --clients 50
run worker_throughput --jobs 100
if "$BIN/python" -c 'import psycopg,sys; psycopg.connect(sys.argv[1].replace("postgres://","postgresql://",1), connect_timeout=3).close()' "$PG_URL" 2>/dev/null; then
  run audit_verify --entries 2000 --python-sample 500 --database-url "$PG_ROOT/safeplan_bench_smoke"
elif [ "${SAFEPLAN_REQUIRE_POSTGRES:-0}" = "1" ]; then
  echo "bench-smoke: PostgreSQL is required but not reachable at $PG_URL" >&2; exit 1
else
  echo "SKIPPED: bench.audit_verify (PostgreSQL only; no server at $PG_URL)"
fi
