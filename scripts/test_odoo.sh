#!/usr/bin/env bash
# `make test-odoo`: Odoo's own test suites of the modules the addons depend on or extend
# (scripts/odoo_suites.py SUITES), at_install and post_install, tours in Chromium, run on two
# copies of the test template: one with the addons installed, one without. Fails when a test
# fails only with the addons and is not listed, with its reason, in tests/odoo_deviations.txt.
#
# The run without the addons is cached (in the machine's Odoo data dir) under a key made of
# everything that decides its result: the Odoo tree, the template, the Python packages, this
# launcher, Chromium. A test that fails only with the addons against a cached run is run again
# without them before the verdict, so a cached result never turns a failure into a pass nor
# blames the addons for a test that fails today anyway. ODOO_SUITES_BASELINE=fresh reruns it.
set -euo pipefail
# shellcheck source=scripts/setup.sh
source "$(dirname "$0")/setup.sh"

TEMPLATE=${TEST_TEMPLATE:-crm_contacts_ext_tpl}
DB=${ODOO_SUITES_DB:-crm_contacts_ext_odoo}
PLAIN=${DB}_plain
PORT=${ODOO_HTTP_PORT:-8069}
DEVIATIONS=$REPO/tests/odoo_deviations.txt
OUT=$STATE/odoo-suites
CACHE=$ODOO_DATA_DIR/odoo-suites
mkdir -p "$OUT" "$CACHE"

WITH_BROWSER=1 setup_all
ensure_template "$TEMPLATE"

suites() {  # $1 = database, $2 = results file, $3... = extra arguments
  local db=$1 out=$2
  shift 2
  "$PY" "$REPO/scripts/odoo_suites.py" run -c "$ODOO_CONF" -d "$db" --http-port "$PORT" \
    --log "$out.log" --out "$out" "$@" || true  # failures are judged by `compare`
  [ -s "$out" ] || die "Odoo's suites did not run on '$db' (log: $out.log)"
}

baseline_key() {
  {
    find "$ODOO_SRC" -name __pycache__ -prune -o -type f -printf '%P %s %T@\n' | sort
    psql -d "$TEMPLATE" -tAc "select obj_description('ir_module_module'::regclass)"
    "$PY" -m pip freeze --all 2>/dev/null
    sha1sum "$REPO/scripts/odoo_suites.py" | cut -d' ' -f1
    chromium --version 2>/dev/null || true
  } | sha1sum | cut -c1-16
}

started=$SECONDS
key=$(baseline_key)
plain_json=$CACHE/plain-$key.json
if [ "${ODOO_SUITES_BASELINE:-cached}" = fresh ] || [ ! -s "$plain_json" ]; then
  say "running Odoo's suites without the addons on '$PLAIN' (cached afterwards as $key)"
  fresh_db_from_template "$TEMPLATE" "$PLAIN"
  suites "$PLAIN" "$OUT/plain.json"
  cp "$OUT/plain.json" "$plain_json"
  cached=0
else
  say "the run without the addons is cached ($plain_json)"
  cached=1
fi

say "running Odoo's suites with the addons on '$DB'"
fresh_db_from_template "$TEMPLATE" "$DB"
install_or_update "$DB" crm_contacts_ext,crm_contacts_ext_stock
suites "$DB" "$OUT/addon.json"

compare() {
  "$PY" "$REPO/scripts/odoo_suites.py" compare "$1" "$OUT/addon.json" \
    --deviations "$DEVIATIONS" --unlisted-out "$OUT/unlisted.txt"
}
if ! compare "$plain_json" >"$OUT/compare.txt" && [ $cached = 1 ] && [ -s "$OUT/unlisted.txt" ]; then
  say "checking, without the addons and now, the tests that failed only with them"
  fresh_db_from_template "$TEMPLATE" "$PLAIN"
  suites "$PLAIN" "$OUT/recheck.json" --tags "$(cat "$OUT/unlisted.txt")"
  "$PY" - "$plain_json" "$OUT/recheck.json" "$OUT/plain.json" <<'PY'
import json, sys
plain, recheck = (json.load(open(p, encoding="utf-8")) for p in sys.argv[1:3])
plain["tests"].update(recheck["tests"])
json.dump(plain, open(sys.argv[3], "w", encoding="utf-8"), indent=1, sort_keys=True)
PY
  compare "$OUT/plain.json" >"$OUT/compare.txt" || true
fi
cat "$OUT/compare.txt"
say "Odoo's suites took $(( (SECONDS - started) / 60 )) min $(( (SECONDS - started) % 60 )) s (logs: $OUT)"
tail -n1 "$OUT/compare.txt" | grep -q "nothing else$"
