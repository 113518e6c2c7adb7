"""The addon installs the way Odoo people install addons: as a wheel.

The wheels of crm_contacts_ext/ and of its stock bridge are built by their build
backend (whool, as OCA 18.0 addons do), installed into a fresh virtual environment
beside the Odoo tree, and installed from there into a database by the real
odoo-bin, with the repository off the addons path: Odoo must find the addon in the
environment's site-packages.
"""

import glob
import os
import subprocess
import sys
import sysconfig

import pytest

from .test_lifecycle import BAD_LOG_LINE, ODOO_BIN, _connect, database_from_template

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# The addon and its bridge to stock, which installs itself beside it where
# sale_stock is (as in the test template): both are installed from wheels.
ADDON_DIRS = [
    os.path.join(REPO, name) for name in ("crm_contacts_ext", "crm_contacts_ext_stock")
]


def _run(cmd, **kwargs):
    proc = subprocess.run(
        cmd, capture_output=True, text=True, timeout=900, check=False, **kwargs
    )
    output = proc.stdout + proc.stderr
    assert proc.returncode == 0, f"{' '.join(map(str, cmd))} failed:\n{output[-3000:]}"
    return output


@pytest.fixture
def wheel_db():
    with database_from_template("crm_ext_wheel") as db:
        yield db


def test_wheel_installs_into_a_fresh_environment_and_database(tmp_path, wheel_db):
    from odoo.tools import config

    dist = tmp_path / "dist"
    _run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "-q",
            "-w",
            dist,
            *ADDON_DIRS,
        ]
    )
    wheels = sorted(glob.glob(str(dist / "odoo_addon_crm_contacts_ext*-18.0.*.whl")))
    assert len(wheels) == 2, wheels

    venv = tmp_path / "venv"
    _run([sys.executable, "-m", "venv", venv])
    python = venv / "bin" / "python"
    # Odoo's own requirements come from the project's environment; the addon only
    # from the wheel (Odoo itself is on no package registry: --no-deps).
    site = _run(
        [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"]
    ).strip()
    with open(os.path.join(site, "odoo_requirements.pth"), "w") as pth:
        pth.write(sysconfig.get_paths()["purelib"] + "\n")
    _run([python, "-m", "pip", "install", "-q", "--no-deps", "--no-index", *wheels])

    odoo_addons = os.path.join(os.path.dirname(ODOO_BIN), "odoo", "addons")
    common = ["-c", config.rcfile, "-d", wheel_db, f"--addons-path={odoo_addons}"]
    log = _run(
        [python, ODOO_BIN, *common, "-i", "crm_contacts_ext", "--stop-after-init"]
        + ["--log-level=warn"]
    )
    assert not BAD_LOG_LINE.findall(log), log[-3000:]
    where = _run(
        [python, ODOO_BIN, "shell", "--no-http", *common, "--log-level=error"],
        input="from odoo.modules import get_module_path\n"
        "print('PATH=' + get_module_path('crm_contacts_ext'))\n",
    )
    path = next(line for line in where.splitlines() if line.startswith("PATH="))
    assert path[len("PATH=") :].startswith(site), path

    conn = _connect(wheel_db)
    with conn.cursor() as cr:
        cr.execute(
            "SELECT state, latest_version FROM ir_module_module"
            " WHERE name = 'crm_contacts_ext'"
        )
        state, version = cr.fetchone()
        cr.execute("SELECT count(*) FROM res_partner_contact_role")
        (roles,) = cr.fetchone()
    conn.close()
    assert (state, version) == ("installed", "18.0.1.0.0")
    assert roles >= 2, "the shipped roles (accounts payable, purchasing)"
