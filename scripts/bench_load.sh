#!/usr/bin/env bash
# `make bench-load`: the addon under concurrent load against plain Odoo (issue 19).
# Two fresh databases from the same template (one with crm_contacts_ext, one plain),
# served by one multi-worker Odoo server on loopback; bench/load.py runs the scenarios
# on both, alternating, and prints the figures. Extra arguments go to bench/load.py,
# e.g. scripts/bench_load.sh --reps 1 --persons 80 --quotations 40 --toggles 60
# --card-seconds 5 (a quick run) or --only roles.
# Environment: BENCH_LOAD_PORT (8082) and BENCH_LOAD_GEVENT_PORT (8083), the server's
# ports; BENCH_LOAD_WORKERS (4).
set -euo pipefail
# shellcheck source=scripts/setup.sh
source "$(dirname "$0")/setup.sh"

TEMPLATE=${BENCH_TEMPLATE:-${TEST_TEMPLATE:-crm_contacts_ext_tpl}}
ADDON_DB=${BENCH_DB:-${TEST_DB:-crm_contacts_ext}_load}
PLAIN_DB=${ADDON_DB}_plain
PORT=${BENCH_LOAD_PORT:-8082}
GEVENT_PORT=${BENCH_LOAD_GEVENT_PORT:-8083}
WORKERS=${BENCH_LOAD_WORKERS:-4}
LOG="$STATE/bench-load-server.log"

setup_all
ensure_template "$TEMPLATE"
fresh_db_from_template "$TEMPLATE" "$PLAIN_DB"
fresh_db_from_template "$TEMPLATE" "$ADDON_DB"
install_or_update "$ADDON_DB"
for db in "$PLAIN_DB" "$ADDON_DB"; do psql -d "$db" -qc "VACUUM ANALYZE"; done

: > "$LOG"
say "starting odoo-bin --workers=$WORKERS on 127.0.0.1:$PORT for '$PLAIN_DB' and '$ADDON_DB'"
"$PY" "$ODOO_SRC/odoo-bin" -c "$ODOO_CONF" --workers="$WORKERS" --max-cron-threads=0 \
  --http-interface=127.0.0.1 --http-port="$PORT" --gevent-port="$GEVENT_PORT" \
  --db-filter="^($ADDON_DB|$PLAIN_DB)\$" --logfile="$LOG" --log-level=info &
SERVER=$!
cleanup() {
  kill "$SERVER" 2>/dev/null || true
  wait "$SERVER" 2>/dev/null || true
  psql -d postgres -qc "drop database if exists \"$ADDON_DB\" with (force)" >/dev/null
  psql -d postgres -qc "drop database if exists \"$PLAIN_DB\" with (force)" >/dev/null
  rm -rf "${ODOO_DATA_DIR:?}/filestore/$ADDON_DB" "${ODOO_DATA_DIR:?}/filestore/$PLAIN_DB"
}
trap cleanup EXIT
for _ in $(seq 60); do
  curl -sf -o /dev/null "http://127.0.0.1:$PORT/web/health" && break
  kill -0 "$SERVER" 2>/dev/null || die "the server stopped (log: $LOG)"
  sleep 1
done

cd "$REPO/bench"
"$PY" load.py --port "$PORT" --plain-db "$PLAIN_DB" --addon-db "$ADDON_DB" --log "$LOG" "$@"
