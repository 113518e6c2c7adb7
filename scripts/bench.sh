#!/usr/bin/env bash
# `make bench`: measure the addon against plain Odoo. Two fresh databases from the
# same template of Odoo's dependency modules: one with crm_contacts_ext installed,
# one plain. bench/run.py runs the workloads in both and writes bench/results.md.
# Extra arguments go to bench/run.py, e.g. scripts/bench.sh --repeat 3
set -euo pipefail
# shellcheck source=scripts/setup.sh
source "$(dirname "$0")/setup.sh"

TEMPLATE=${BENCH_TEMPLATE:-${TEST_TEMPLATE:-crm_contacts_ext_tpl}}
ADDON_DB=${BENCH_DB:-${TEST_DB:-crm_contacts_ext}_bench}
PLAIN_DB=${ADDON_DB}_plain

setup_all
ensure_template "$TEMPLATE"
fresh_db_from_template "$TEMPLATE" "$PLAIN_DB"
fresh_db_from_template "$TEMPLATE" "$ADDON_DB"
install_or_update "$ADDON_DB"

cd "$REPO"
say "benchmarking '$ADDON_DB' (addon) against '$PLAIN_DB' (plain Odoo)"
status=0
"$PY" bench/run.py --config "$ODOO_CONF" --addon-db "$ADDON_DB" --plain-db "$PLAIN_DB" "$@" \
  || status=$?
psql -d postgres -qc "drop database if exists \"$ADDON_DB\" with (force)" >/dev/null
psql -d postgres -qc "drop database if exists \"$PLAIN_DB\" with (force)" >/dev/null
rm -rf "${ODOO_DATA_DIR:?}/filestore/$ADDON_DB" "${ODOO_DATA_DIR:?}/filestore/$PLAIN_DB"
exit $status
