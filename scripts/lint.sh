#!/usr/bin/env bash
# ruff (lint + format check) and pylint-odoo's mandatory checks, as OCA's 18.0 template runs
# them. Exits non-zero on any finding.
set -euo pipefail
# shellcheck source=scripts/setup.sh
source "$(dirname "$0")/setup.sh"
ensure_venv
cd "$REPO"
status=0
targets=()
for d in crm_contacts_ext crm_contacts_ext_stock tests scripts bench; do [ -d "$d" ] && targets+=("$d"); done
say "ruff check"
"$VENV/bin/ruff" check "${targets[@]}" || status=1
say "ruff format --check"
"$VENV/bin/ruff" format --check "${targets[@]}" || status=1
say "pylint-odoo (mandatory checks)"
"$VENV/bin/pylint" --rcfile=.pylintrc-mandatory crm_contacts_ext crm_contacts_ext_stock || status=1
[ $status = 0 ] && say "lint: no findings"
exit $status
