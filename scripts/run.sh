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

setup_all
install_or_update "$DB"
say "serving database '$DB' on http://localhost:$PORT  (login: admin / admin; Ctrl-C to stop)"
exec "$PY" "$ODOO_SRC/odoo-bin" -c "$ODOO_CONF" -d "$DB" --db-filter="^$DB\$" \
  --http-interface="$HTTP_INTERFACE" --http-port="$PORT" --gevent-port=$((PORT + 3))
