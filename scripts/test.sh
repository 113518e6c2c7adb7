#!/usr/bin/env bash
# `make test`: set everything up, install the addon fresh in a dedicated test database and run
# the whole suite (unit tests and Chromium tours) with pytest-odoo. tests/conftest.py makes the
# run fail when a test is skipped, when none ran, or when Odoo logs a WARNING or ERROR.
# Extra arguments go to pytest, e.g. scripts/test.sh tests/test_foundation.py -k card
set -euo pipefail
# shellcheck source=scripts/setup.sh
source "$(dirname "$0")/setup.sh"

DB=${TEST_DB:-crm_contacts_ext_test}
TEMPLATE=${TEST_TEMPLATE:-crm_contacts_ext_tpl}

WITH_BROWSER=1 setup_all
ensure_template "$TEMPLATE"
fresh_db_from_template "$TEMPLATE" "$DB"
install_or_update "$DB" crm_contacts_ext,crm_contacts_ext_stock
# Odoo's demo data puts the admin and OdooBot in Europe/Brussels while test users have
# no timezone: between 23:00 and 24:00 UTC their "today" differ by a day and date
# assertions fail. One timezone for everybody in the test database.
psql -d "$DB" -qc "UPDATE res_partner SET tz = 'UTC' WHERE tz IS NOT NULL AND tz != 'UTC'"

cd "$REPO"
export CRM_EXT_TEMPLATE=$TEMPLATE ODOO_SRC  # for tests/test_lifecycle.py
say "running the test suite on database '$DB'"
if [ $# -eq 0 ]; then set -- tests; fi
exec "$PY" -m pytest --odoo-config="$ODOO_CONF" --odoo-database="$DB" --odoo-http \
  --odoo-log-level=warn "$@"
