"""Make the suite strict, as CI needs it to be.

pytest exits 0 when tests are skipped (no Chromium, no module in the database), so
this plugin turns these into failures: a run fails when any test was skipped or
xfailed, when no test passed, or when Odoo logged a WARNING or worse (as OCA's
checklog does). A warning logged during a test makes that test error, so the culprit
is named.
"""

import logging

import pytest

from odoo.tools import config as odoo_config

# pytest-odoo imports Odoo's test framework before test mode is on, which makes Odoo log
# an ERROR ("avoid importing from business modules"). Import it first, in test mode; the
# flag is reset right after so that loading the registry does not run Odoo's own test
# suites.
odoo_config["test_enable"] = True
import odoo.tests  # noqa: F401  pylint: disable=wrong-import-position

odoo_config["test_enable"] = False


# Logged by Odoo's threaded test server when a response took over a second between its
# two Date headers: a symptom of a loaded machine, not of the addon. Nothing else is
# tolerated.
_TOLERATED = (("odoo.service.server", "sending two different Date response headers"),)


class _WarningCollector(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.records = []
        self.claimed = 0

    def emit(self, record):
        if any(
            record.name == name and record.getMessage().startswith(start)
            for name, start in _TOLERATED
        ):
            return
        self.records.append(record)

    def format_new(self):
        new = self.records[self.claimed :]
        self.claimed = len(self.records)
        return [f"{r.levelname} {r.name}: {r.getMessage()}" for r in new]


_collector = _WarningCollector()
_problems = []
# Attached when pytest loads this file, before pytest-odoo starts Odoo, so that warnings
# of the registry loading are seen too.
logging.getLogger().addHandler(_collector)


@pytest.fixture(autouse=True)
def _no_logged_warning():
    _collector.format_new()  # what came before belongs to the session set-up
    yield
    lines = _collector.format_new()
    if lines:
        pytest.fail("Odoo logged during this test:\n  " + "\n  ".join(lines))


def pytest_sessionfinish(session, exitstatus):
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    stats = reporter.stats if reporter else {}
    passed = [
        r for r in stats.get("passed", []) if getattr(r, "when", "call") == "call"
    ]
    skipped = stats.get("skipped", [])
    xfailed = stats.get("xfailed", [])
    leftover = _collector.format_new()
    if skipped:
        _problems.append(
            f"{len(skipped)} test(s) skipped: a skipped test is not a pass"
        )
        for rep in skipped:
            reason = (
                rep.longrepr[2] if isinstance(rep.longrepr, tuple) else rep.longrepr
            )
            _problems.append(f"  skipped {rep.nodeid}: {reason}")
    if xfailed:
        _problems.append(
            f"{len(xfailed)} test(s) xfailed: remove the xfail or fix the test"
        )
    if not passed:
        _problems.append("no test passed")
    if leftover:
        _problems.append("Odoo logged outside any test:")
        _problems.extend("  " + line for line in leftover)
    if _problems and session.exitstatus == 0:
        session.exitstatus = 1


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    if _problems:
        terminalreporter.section("crm_contacts_ext: run refused", sep="=", red=True)
        for line in _problems:
            terminalreporter.line(line, red=True)
