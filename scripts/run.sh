#!/usr/bin/env bash
# `make run`: set everything up, install or update the addon with demo data in a local
# database, and serve the web client on http://localhost:$PORT.
set -euo pipefail
# shellcheck source=scripts/setup.sh
source "$(dirname "$0")/setup.sh"

DB=${DB:-crm_contacts_ext}
PORT=${PORT:-8069}
HTTP_INTERFACE=${HTTP_INTERFACE:-127.0.0.1}

[[ "$PORT" =~ ^[0-9]+$ ]] && [ "$PORT" -ge 1 ] && [ "$PORT" -le 65535 ] \
  || die "PORT must be a TCP port number (got '$PORT')."

port_busy() {
  python3 - "$HTTP_INTERFACE" "$1" <<'PY'
import socket, sys
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
try:
    s.bind((sys.argv[1], int(sys.argv[2])))
except OSError:
    sys.exit(0)
sys.exit(1)
PY
}
if port_busy "$PORT"; then
  die "port $PORT is already in use (another Odoo?). Stop it, or choose another port: make run PORT=8070"
fi

# What the README shows a newcomer: the Sales app, French (France and Québec) ready to
# choose in the preferences, and the demo contacts in the language of their country.
prepare_demo_db() {
  local db=$1 sales langs
  sales=$(psql -d "$db" -tAc "select count(*) from ir_module_module
    where name = 'sale_management' and state = 'installed'")
  langs=$(psql -d "$db" -tAc "select count(*) from res_lang
    where code in ('fr_FR', 'fr_CA') and active")
  [ "$sales" = 1 ] && [ "$langs" = 2 ] && return
  say "installing the Sales app and loading French (France, Québec) in '$db'"
  local log="$STATE/$db-demo.log"
  "$PY" "$ODOO_SRC/odoo-bin" -c "$ODOO_CONF" -d "$db" -i sale_management \
    --load-language=fr_FR,fr_CA --stop-after-init --log-level=warn --logfile="$log" 2>/dev/null \
    || { tail -n 40 "$log" >&2; die "preparing the demo database '$db' failed (log: $log)."; }
  "$PY" "$ODOO_SRC/odoo-bin" shell -c "$ODOO_CONF" -d "$db" --no-http --log-level=warn \
    --logfile="$log" >/dev/null 2>&1 <<'PY' || die "setting the demo contacts' languages failed (log: $log)."
demo = env["ir.model.data"].search(
    [("module", "=", "crm_contacts_ext"), ("model", "=", "res.partner")]
)
for partner in env["res.partner"].browse(demo.mapped("res_id")).exists():
    if partner.country_id.code == "FR":
        partner.lang = "fr_FR"
    elif partner.state_id.code == "QC":
        partner.lang = "fr_CA"
env.cr.commit()
PY
}

setup_all
install_or_update "$DB"
prepare_demo_db "$DB"
say "serving database '$DB' on http://localhost:$PORT  (login: admin / admin; Ctrl-C to stop)"
exec "$PY" "$ODOO_SRC/odoo-bin" -c "$ODOO_CONF" -d "$DB" --db-filter="^$DB\$" \
  --http-interface="$HTTP_INTERFACE" --http-port="$PORT" --gevent-port=$((PORT + 3))
