#!/usr/bin/env bash
# `make test-odoo`: Odoo's own test suites of the modules the addons depend on or extend
# (scripts/odoo_suites.py SUITES), at_install and post_install, tours in Chromium, run on two
# copies of the test template: one with the addons installed, one without. Fails when a test
# fails only with the addons and is not listed, with its reason, in tests/odoo_deviations.txt.
#
# The run without the addons is cached (in the machine's Odoo data dir) under a key made of
# everything that decides its result: the Odoo tree, the template, the Python packages, this
# launcher, Chromium. A test that fails only with the addons is run again on both copies
# before the verdict, so a cached result never blames the addons for a test that fails today
# anyway, nor does a tour that timed out once on a loaded machine. ODOO_SUITES_BASELINE=fresh
# runs both anew.
set -euo pipefail
# shellcheck source=scripts/setup.sh
source "$(dirname "$0")/setup.sh"

TEMPLATE=${TEST_TEMPLATE:-crm_contacts_ext_tpl}
DB=${ODOO_SUITES_DB:-crm_contacts_ext_odoo}
PLAIN=${DB}_plain
PORT=${ODOO_HTTP_PORT:-8069}
PLAIN_PORT=${ODOO_SUITES_PLAIN_PORT:-$((PORT + 1))}  # the run without the addons, when side by side
DEVIATIONS=$REPO/tests/odoo_deviations.txt
# Installed on both copies: the Sales app, which `make run` installs and sale's tours need.
EXTRA=sale_management
OUT=$STATE/odoo-suites
CACHE=$ODOO_DATA_DIR/odoo-suites
mkdir -p "$OUT" "$CACHE"

WITH_BROWSER=1 setup_all
ensure_template "$TEMPLATE"

suites() {  # $1 = database, $2 = HTTP port, $3 = results file, $4... = extra arguments
  local db=$1 port=$2 out=$3
  shift 3
  : >"$out.log"
  "$PY" "$REPO/scripts/odoo_suites.py" run -c "$ODOO_CONF" -d "$db" --http-port "$port" \
    --log "$out.log" --out "$out" "$@" || true  # failures are judged by `compare`
  [ -s "$out" ] || die "Odoo's suites did not run on '$db' (log: $out.log)"
}

baseline_key() {
  {
    find "$ODOO_SRC" -name __pycache__ -prune -o -type f -printf '%P %s %T@\n' | sort
    psql -d "$TEMPLATE" -tAc "select obj_description('ir_module_module'::regclass)"
    "$PY" -m pip freeze --all 2>/dev/null
    sha1sum "$REPO/scripts/odoo_suites.py" "$REPO/scripts/test_odoo.sh" | cut -d' ' -f1
    chromium --version 2>/dev/null || true
  } | sha1sum | cut -c1-16
}

started=$SECONDS
key=$(baseline_key)
plain_json=$CACHE/plain-$key.json
# The copies are made one after the other (PostgreSQL copies a template for one at a time),
# the two runs side by side when both are needed: they wait on the browser and the database
# as much as on the processor.
fresh_db_from_template "$TEMPLATE" "$DB"
plain_pid=
if [ "${ODOO_SUITES_BASELINE:-cached}" = fresh ] || [ ! -s "$plain_json" ]; then
  say "running Odoo's suites without the addons on '$PLAIN' (cached afterwards as $key)"
  fresh_db_from_template "$TEMPLATE" "$PLAIN"
  rm -f "$OUT/plain.json"
  ( install_or_update "$PLAIN" "$EXTRA" && suites "$PLAIN" "$PLAIN_PORT" "$OUT/plain.json" ) &
  plain_pid=$!
  cached=0
else
  say "the run without the addons is cached ($plain_json)"
  cached=1
fi

say "running Odoo's suites with the addons on '$DB'"
install_or_update "$DB" "crm_contacts_ext,crm_contacts_ext_stock,$EXTRA"
suites "$DB" "$PORT" "$OUT/addon.json"
if [ -n "$plain_pid" ]; then
  wait "$plain_pid" || die "the run without the addons failed (log: $OUT/plain.json.log)"
  cp "$OUT/plain.json" "$plain_json"
fi

compare() {
  "$PY" "$REPO/scripts/odoo_suites.py" compare "$1" "$OUT/addon.json" \
    --deviations "$DEVIATIONS" --unlisted-out "$OUT/unlisted.txt"
}
if ! compare "$plain_json" >"$OUT/compare.txt" && [ -s "$OUT/unlisted.txt" ]; then
  # As Odoo retries a failed test (ODOO_TEST_FAILURE_RETRIES): a test that failed only with
  # the addons is run again on both copies; it is theirs when it fails again with them and
  # passes without them now (a cached result is not trusted for it).
  say "running again, with and without the addons, the tests that failed only with them"
  if [ $cached = 1 ]; then
    fresh_db_from_template "$TEMPLATE" "$PLAIN"
    install_or_update "$PLAIN" "$EXTRA"
  fi
  suites "$DB" "$PORT" "$OUT/addon-retry.json" --tags "$(cat "$OUT/unlisted.txt")"
  suites "$PLAIN" "$PORT" "$OUT/plain-retry.json" --tags "$(cat "$OUT/unlisted.txt")"
  "$PY" "$REPO/scripts/odoo_suites.py" retry "$plain_json" "$OUT/plain-retry.json" \
    "$OUT/addon.json" "$OUT/addon-retry.json" --out-plain "$OUT/plain.json" \
    --tags "$(cat "$OUT/unlisted.txt")"
  compare "$OUT/plain.json" >"$OUT/compare.txt" || true
fi
cat "$OUT/compare.txt"
say "Odoo's suites took $(( (SECONDS - started) / 60 )) min $(( (SECONDS - started) % 60 )) s (logs: $OUT)"
tail -n1 "$OUT/compare.txt" | grep -q "nothing else$"
