#!/usr/bin/env bash
# Shared set-up for `make run` and `make test`: system packages, the Python venv, the Odoo
# source tree, a PostgreSQL server and an Odoo configuration file. Safe to run again: every
# step checks what already exists and only does what is missing.
#
# Sourced by scripts/run.sh and scripts/test.sh; exports ODOO_SRC, VENV, PY, ODOO_CONF.
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
ODOO_SRC=${ODOO_SRC:-$HOME/.cache/odoo/18.0}
VENV=${VENV:-$REPO/.venv}
PY=$VENV/bin/python
STATE=$REPO/.state
ODOO_CONF=$STATE/odoo.conf
# Odoo's filestore belongs with the databases, which live in the PostgreSQL server and outlive
# any one clone of the repo (the cached test template above all): keep it per machine too.
ODOO_DATA_DIR=${ODOO_DATA_DIR:-${XDG_DATA_HOME:-$HOME/.local/share}/crm_contacts_ext}
ODOO_ARCHIVE_URL=${ODOO_ARCHIVE_URL:-https://nightly.odoo.com/18.0/nightly/src/odoo_18.0.latest.tar.gz}
mkdir -p "$STATE"

say() { printf '\033[1m[setup]\033[0m %s\n' "$*" >&2; }
die() { printf '\033[1;31m[setup] ERROR:\033[0m %s\n' "$*" >&2; exit 2; }

is_root() { [ "$(id -u)" = 0 ]; }

apt_install() {
  # Install Debian packages when we may; otherwise tell the user exactly what to install.
  local missing=("$@")
  if is_root && command -v apt-get >/dev/null; then
    say "installing system packages: ${missing[*]}"
    if [ ! -f "$STATE/apt-updated" ]; then
      DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null && touch "$STATE/apt-updated"
    fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null \
      || die "apt-get could not install ${missing[*]}; install them and run again."
  else
    die "missing system packages: ${missing[*]}. Install them (e.g. 'sudo apt-get install ${missing[*]}') and run again."
  fi
}

# --- system packages --------------------------------------------------------------------
need_system_packages() {
  local missing=()
  command -v psql >/dev/null || missing+=(postgresql-client)
  ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 || missing+=(postgresql)
  command -v wkhtmltopdf >/dev/null || missing+=(wkhtmltopdf)  # PDF reports
  if [ "${WITH_BROWSER:-0}" = 1 ]; then
    command -v chromium >/dev/null || missing+=(chromium)
  fi
  # psycopg2 is built from source against libpq
  [ -e /usr/include/postgresql/libpq-fe.h ] || missing+=(libpq-dev)
  if [ ${#missing[@]} -gt 0 ]; then apt_install "${missing[@]}"; fi
}

python311() {
  local c
  for c in python3.11 python3; do
    if command -v "$c" >/dev/null && "$c" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))'; then
      command -v "$c"; return
    fi
  done
  die "Python 3.11 not found: Odoo 18 is tested here on CPython 3.11. Install python3.11 and python3.11-venv."
}

# --- Odoo source ------------------------------------------------------------------------
ensure_odoo() {
  if [ ! -e "$ODOO_SRC/odoo-bin" ]; then
    say "no Odoo tree at $ODOO_SRC; trying to download the official Odoo 18.0 source archive"
    local tmp
    tmp=$(mktemp -d)
    if command -v curl >/dev/null && curl -fsSL --connect-timeout 20 --max-time 900 -o "$tmp/odoo.tar.gz" "$ODOO_ARCHIVE_URL"; then
      mkdir -p "$ODOO_SRC"
      tar -xzf "$tmp/odoo.tar.gz" -C "$tmp"
      local top
      top=$(find "$tmp" -maxdepth 2 -name odoo-bin -printf '%h\n' | head -n1)
      [ -n "$top" ] || die "the downloaded archive holds no odoo-bin; put an Odoo 18.0 tree at \$ODOO_SRC ($ODOO_SRC)."
      cp -a "$top/odoo" "$top/odoo-bin" "$ODOO_SRC/"
      rm -rf "$tmp"
    else
      rm -rf "$tmp"
      die "no Odoo tree at \$ODOO_SRC ($ODOO_SRC) and it could not be downloaded (offline?).
       Put an Odoo 18.0 Community tree there (a folder holding 'odoo-bin' and 'odoo/'),
       or point ODOO_SRC at one: make run ODOO_SRC=/path/to/odoo-18.0"
    fi
  fi
  [ -f "$ODOO_SRC/odoo/release.py" ] || die "$ODOO_SRC has an odoo-bin but no odoo/release.py: not an Odoo source tree."
  grep -q "^version_info = (18, 0," "$ODOO_SRC/odoo/release.py" \
    || die "the Odoo tree at $ODOO_SRC is not 18.0 ($(grep -m1 '^version_info' "$ODOO_SRC/odoo/release.py")). This addon needs Odoo 18.0; set ODOO_SRC to an 18.0 tree."
  for mod in contacts crm calendar sale_crm account base_geolocalize mass_mailing; do
    [ -d "$ODOO_SRC/odoo/addons/$mod" ] || [ -d "$ODOO_SRC/addons/$mod" ] \
      || die "the Odoo tree at $ODOO_SRC lacks the '$mod' module this addon depends on."
  done
}

odoo_addons_path() {
  local p="$ODOO_SRC/odoo/addons"
  [ -d "$ODOO_SRC/addons" ] && p="$ODOO_SRC/addons,$p"
  echo "$p,$REPO"
}

# --- Python venv --------------------------------------------------------------------------
ensure_venv() {
  local reqs=("$REPO/requirements-odoo.txt" "$REPO/requirements-dev.txt")
  local want
  want=$(cat "${reqs[@]}" | sha1sum | cut -c1-12)
  if [ ! -x "$PY" ]; then
    say "creating $VENV (Python 3.11)"
    "$(python311)" -m venv "$VENV"
  fi
  local stamp="$VENV/.crm_contacts_ext-reqs"
  if ! grep -qx "$want" "$stamp" 2>/dev/null; then
    say "installing pinned Python requirements into $VENV"
    local args=()
    for r in "${reqs[@]}"; do args+=(-r "$r"); done
    "$PY" -m pip install -q --disable-pip-version-check "${args[@]}" 2>&1 \
      | grep -v "is ignored: it is neither a file nor a directory" >&2 || true
    "$PY" -c "import psycopg2, lxml, werkzeug" || die "the Python requirements did not install; see the pip output above."
    echo "$want" > "$stamp"
  fi
  # Make `import odoo` work inside the venv (pytest-odoo needs it) without installing Odoo.
  local site
  site=$("$PY" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')
  echo "$ODOO_SRC" > "$site/odoo-src.pth"
}

# --- PostgreSQL -------------------------------------------------------------------------
pg_answers() { psql -d postgres -tAc 'select 1' >/dev/null 2>&1; }

ensure_postgres() {
  if pg_answers; then
    :
  elif is_root && ls /etc/postgresql/*/main >/dev/null 2>&1; then
    say "starting the system PostgreSQL cluster"
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | sort -V | tail -n1)" main start || true
    sleep 2
  elif ! is_root; then
    # A private cluster under the repo, on a socket of our own.
    local bindir pgdata="$STATE/pgdata"
    bindir=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n1)
    export PGHOST="$STATE" PGPORT=${PGPORT:-5439}
    if [ ! -d "$pgdata" ]; then
      say "initialising a private PostgreSQL cluster in $pgdata"
      "$bindir/initdb" -D "$pgdata" -A trust -U "$(id -un)" >/dev/null
    fi
    pg_answers || "$bindir/pg_ctl" -D "$pgdata" -l "$STATE/postgres.log" \
      -o "-k $STATE -p $PGPORT -c listen_addresses=''" -w start >/dev/null
  fi
  pg_answers || die "no PostgreSQL server answers (libpq defaults / PG* variables: PGHOST=${PGHOST:-} PGPORT=${PGPORT:-} PGUSER=${PGUSER:-}).
       Start one, or set PGHOST/PGPORT/PGUSER to one that does, and run again."
  local user
  user=$(psql -d postgres -tAc 'select current_user')
  [ "$user" != postgres ] || die "Odoo refuses to run as the database user 'postgres'. Set PGUSER to another role (with CREATEDB)."
  psql -d postgres -tAc "select rolcreatedb or rolsuper from pg_roles where rolname = current_user" | grep -q t \
    || die "the database role '$user' may not create databases; grant it CREATEDB (ALTER ROLE \"$user\" CREATEDB)."
}

write_conf() {
  cat > "$ODOO_CONF" <<EOF
[options]
addons_path = $(odoo_addons_path)
data_dir = $ODOO_DATA_DIR
db_host = ${PGHOST:-False}
db_port = ${PGPORT:-False}
db_user = ${PGUSER:-False}
db_password = ${PGPASSWORD:-False}
list_db = False
admin_passwd = ${ODOO_ADMIN_PASSWD:-admin}
http_port = ${ODOO_HTTP_PORT:-8069}
EOF
}

# Database helpers used by run/test.
db_exists() { [ "$(psql -d postgres -tAc "select 1 from pg_database where datname = '$1'")" = 1 ]; }
module_installed() {
  db_exists "$1" && [ "$(psql -d "$1" -tAc "select state from ir_module_module where name = 'crm_contacts_ext'" 2>/dev/null)" = installed ]
}

install_or_update() {
  # $1 = database; installs the addon with demo data, or updates it when already there.
  # $2 = the modules to install (default crm_contacts_ext; its bridge addons such as
  # crm_contacts_ext_stock install themselves when the Odoo modules they bridge are there).
  local db=$1 modules=${2:-crm_contacts_ext} mode=-i
  module_installed "$db" && mode=-u
  say "$( [ $mode = -i ] && echo installing || echo updating ) $modules in database '$db'"
  local log="$STATE/$db-install.log"
  : > "$log"
  if ! "$PY" "$ODOO_SRC/odoo-bin" -c "$ODOO_CONF" -d "$db" $mode "$modules" \
      --stop-after-init --log-level=warn --logfile="$log" 2>/dev/null; then
    tail -n 40 "$log" >&2
    die "installing the addon in '$db' failed (full log: $log)."
  fi
  if grep -E " (WARNING|ERROR|CRITICAL) " "$log" >&2; then
    die "installing the addon in '$db' logged the warnings above (full log: $log)."
  fi
}

setup_all() {
  need_system_packages
  ensure_odoo
  ensure_venv
  ensure_postgres
  write_conf
}

# The test database is rebuilt on every run from a template holding only the Odoo modules the
# repo's addons depend on (crm_contacts_ext and its bridges, e.g. crm_contacts_ext_stock on
# sale_stock; built once, rebuilt when a manifest's dependencies change), so each run tests a
# fresh install of the addons in seconds rather than minutes.
addon_depends() {
  "$PY" - "$REPO" <<'PY'
import ast, pathlib, sys
manifests = sorted(pathlib.Path(sys.argv[1]).glob("*/__manifest__.py"))
ours = {m.parent.name for m in manifests}
deps = {d for m in manifests for d in ast.literal_eval(m.read_text())["depends"]} - ours
print(",".join(sorted(deps)))
PY
}

ensure_template() {
  local tpl=$1 deps key
  deps=$(addon_depends)
  key=$(printf '%s %s' "$deps" "$(sha1sum "$ODOO_SRC/odoo/release.py" | cut -c1-12)" | sha1sum | cut -c1-16)
  if db_exists "$tpl" && [ "$(psql -d "$tpl" -tAc "select obj_description('ir_module_module'::regclass)" 2>/dev/null)" = "$key" ]; then
    return
  fi
  say "building template database '$tpl' with Odoo's $deps (once)"
  psql -d postgres -qc "drop database if exists \"$tpl\"" >/dev/null
  local log="$STATE/$tpl.log"
  : > "$log"
  "$PY" "$ODOO_SRC/odoo-bin" -c "$ODOO_CONF" -d "$tpl" -i "$deps" --stop-after-init \
    --log-level=warn --logfile="$log" 2>/dev/null || { tail -n 40 "$log" >&2; die "building '$tpl' failed (log: $log)."; }
  psql -d "$tpl" -qc "comment on table ir_module_module is '$key'" >/dev/null
}

fresh_db_from_template() {
  local tpl=$1 db=$2
  psql -d postgres -qc "drop database if exists \"$db\" with (force)" >/dev/null
  local fs="$ODOO_DATA_DIR/filestore"
  rm -rf "${fs:?}/$db"
  psql -d postgres -qc "create database \"$db\" template \"$tpl\"" >/dev/null
  if [ -d "$fs/$tpl" ]; then
    mkdir -p "$fs" && cp -a "$fs/$tpl" "$fs/$db"
  fi
}
