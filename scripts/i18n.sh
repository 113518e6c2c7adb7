#!/usr/bin/env bash
# Export crm_contacts_ext/i18n/crm_contacts_ext.pot from a fresh install of the addon and
# merge it into fr.po and fr_CA.po (new terms come in untranslated, gone terms go away).
# tests/test_i18n.py fails while a term is untranslated or the .pot is out of date.
set -euo pipefail
# shellcheck source=scripts/setup.sh
source "$(dirname "$0")/setup.sh"
DB=${I18N_DB:-crm_contacts_ext_i18n}
TEMPLATE=${TEST_TEMPLATE:-crm_contacts_ext_tpl}
setup_all
ensure_template "$TEMPLATE"
fresh_db_from_template "$TEMPLATE" "$DB"
install_or_update "$DB"
I18N="$REPO/crm_contacts_ext/i18n"
mkdir -p "$I18N"
"$PY" "$ODOO_SRC/odoo-bin" -c "$ODOO_CONF" -d "$DB" --i18n-export="$I18N/crm_contacts_ext.pot" \
  --modules=crm_contacts_ext --stop-after-init --log-level=warn
"$PY" - "$I18N" <<'PY'
import os, sys
import polib

i18n = sys.argv[1]
pot = polib.pofile(os.path.join(i18n, "crm_contacts_ext.pot"))
for lang in ("fr", "fr_CA"):
    path = os.path.join(i18n, f"{lang}.po")
    po = polib.pofile(path) if os.path.exists(path) else polib.POFile()
    po.metadata = dict(pot.metadata, Language=lang, **{
        "Content-Type": "text/plain; charset=UTF-8",
        "Plural-Forms": "nplurals=2; plural=(n > 1);",
    })
    po.merge(pot)
    po[:] = [e for e in po if not e.obsolete]
    po.save(path)
    missing = [e.msgid for e in po if not e.msgstr]
    print(f"{lang}.po: {len(po)} terms, {len(missing)} untranslated")
PY
psql -d postgres -qc "drop database if exists \"$DB\" with (force)" >/dev/null
