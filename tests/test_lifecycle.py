"""The addon's life in a customer's database, with the real odoo-bin.

Installed into a database that already holds business data (1,000 contacts), updated
twice, then uninstalled: no step may log a WARNING or ERROR, updates are idempotent,
and uninstalling leaves Odoo's own data intact and the database usable.
"""

import contextlib
import os
import re
import subprocess
import sys
import uuid

import psycopg2
import pytest

from odoo.tools import config

TEMPLATE = os.environ.get("CRM_EXT_TEMPLATE")
ODOO_BIN = os.path.join(os.environ.get("ODOO_SRC", ""), "odoo-bin")
BAD_LOG_LINE = re.compile(r"^\S+ \S+ \d+ (WARNING|ERROR|CRITICAL) ", re.MULTILINE)


def _connect(dbname):
    params = {"dbname": dbname}
    for key in ("host", "port", "user", "password"):
        value = config.get(f"db_{key}")
        if value:
            params[key] = value
    conn = psycopg2.connect(**params)
    conn.autocommit = True
    return conn


def _odoo(db, *args, stdin=None):
    """Run odoo-bin on ``db``; return its log, failing on a non-zero exit.

    With ``stdin``, runs ``odoo-bin shell`` on that Python code instead of the server.
    """
    cmd = [sys.executable, ODOO_BIN] + (["shell", "--no-http"] if stdin else [])
    cmd += ["-c", config.rcfile, "-d", db, "--log-level=warn"]
    proc = subprocess.run(
        cmd + list(args),
        input=stdin,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    log = proc.stdout + proc.stderr
    assert proc.returncode == 0, f"odoo-bin {' '.join(args)} failed:\n{log[-4000:]}"
    return log


def _bad_lines(log):
    return [m.group(0) + "..." for m in BAD_LOG_LINE.finditer(log)]


@contextlib.contextmanager
def database_from_template(prefix):
    """A new database copied from the test template, dropped afterwards.

    :param prefix: start of the database's name (a random suffix follows)
    :return: the database's name
    """
    if not TEMPLATE or not os.path.exists(ODOO_BIN):
        pytest.fail("run through scripts/test.sh (CRM_EXT_TEMPLATE and ODOO_SRC unset)")
    db = f"{prefix}_{uuid.uuid4().hex[:8]}"
    admin = _connect("postgres")
    with admin.cursor() as cr:
        cr.execute(f'CREATE DATABASE "{db}" TEMPLATE "{TEMPLATE}"')
    try:
        yield db
    finally:
        with admin.cursor() as cr:
            cr.execute(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')
        admin.close()


@pytest.fixture(scope="module")
def lifecycle_db():
    with database_from_template("crm_ext_lifecycle") as db:
        yield db


def _counts(db):
    conn = _connect(db)
    with conn.cursor() as cr:
        cr.execute("SELECT count(*) FROM res_partner")
        partners = cr.fetchone()[0]
        cr.execute("SELECT count(*) FROM res_partner WHERE name LIKE 'Lifecycle %%'")
        ours = cr.fetchone()[0]
        cr.execute("SELECT state FROM ir_module_module WHERE name = 'crm_contacts_ext'")
        state = cr.fetchone()[0]
        cr.execute(
            "SELECT count(*) FROM information_schema.columns"
            " WHERE table_name = 'res_partner' AND column_name = 'fax'"
        )
        fax_column = cr.fetchone()[0]
        cr.execute(
            "SELECT table_name FROM information_schema.tables"
            " WHERE table_schema = 'public'"
        )
        tables = {row[0] for row in cr.fetchall()}
        cr.execute(
            "SELECT count(*) FROM pg_proc WHERE proname = 'res_partner_marketing_basis'"
        )
        functions = cr.fetchone()[0]
    conn.close()
    return {
        "partners": partners,
        "ours": ours,
        "state": state,
        "fax": fax_column,
        "tables": tables,
        "functions": functions,
    }


def test_install_update_twice_uninstall(lifecycle_db):
    db = lifecycle_db
    # A database with business in it: 1,000 contacts under 100 companies.
    _odoo(
        db,
        stdin=(
            "companies = env['res.partner'].create("
            "[{'name': f'Lifecycle Co {i}', 'is_company': True} for i in range(100)])\n"
            "env['res.partner'].create([{'name': f'Lifecycle {i}', "
            "'parent_id': companies[i % 100].id} for i in range(900)])\n"
            "env.cr.commit()\n"
        ),
    )
    before = _counts(db)
    assert before["ours"] == 1000

    log = _odoo(db, "-i", "crm_contacts_ext", "--stop-after-init")
    assert _bad_lines(log) == [], "install logged warnings"
    installed = _counts(db)
    assert installed["state"] == "installed"
    assert installed["fax"] == 1
    assert installed["ours"] == 1000, "installing must not touch existing contacts"

    # The SQL function an earlier version computed the marketing basis with is
    # dropped by an update (see res.partner's init()).
    conn = _connect(db)
    with conn.cursor() as cr:
        cr.execute(
            "CREATE FUNCTION res_partner_marketing_basis(int[]) RETURNS int"
            " LANGUAGE sql AS 'SELECT 1'"
        )
    conn.close()
    assert _counts(db)["functions"] == 1
    for _run in range(2):
        log = _odoo(db, "-u", "crm_contacts_ext", "--stop-after-init")
        assert _bad_lines(log) == [], "update logged warnings"
        assert _counts(db) == installed, "an update must change nothing"

    log = _odoo(
        db,
        stdin=(
            "env['ir.module.module'].search([('name', '=', 'crm_contacts_ext')])"
            ".button_immediate_uninstall()\n"
            "env.cr.commit()\n"
        ),
    )
    assert _bad_lines(log) == [], "uninstall logged warnings"
    after = _counts(db)
    assert after["state"] == "uninstalled"
    assert after["fax"] == 0, "the addon's columns are dropped"
    assert installed["functions"] == 0
    assert after["functions"] == 0, "no SQL function of the addon is left"
    assert after["ours"] == 1000, "Odoo's own contacts survive the uninstall"
    assert after["tables"] == before["tables"], "the addon leaves no table behind"

    # The database stays usable: Odoo loads it and reads and writes contacts.
    log = _odoo(
        db,
        stdin=(
            "p = env['res.partner'].search([('name', '=', 'Lifecycle 1')])\n"
            "p.write({'phone': '418 000-0000'})\n"
            "assert p.read(['phone'])[0]['phone'] == '418 000-0000'\n"
            "env.cr.commit()\n"
            "print('USABLE')\n"
        ),
    )
    assert "USABLE" in log
    assert _bad_lines(log) == []
