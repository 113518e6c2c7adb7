"""Odoo's own test suites of the modules the addons extend, run on a loaded registry.

Odoo runs a module's at_install tests while installing it, before the modules that
depend on it (the addons) are loaded, so a plain ``--test-enable`` install never runs
them with the addons in the registry. This launcher starts Odoo's server as
``odoo-bin --test-enable --stop-after-init`` does (HTTP server up for the tours), but in
place of Odoo's ``preload_registries`` it loads the database's whole registry, then
runs the at_install and the post_install suites of ``SUITES`` with Odoo's own test
loader (``odoo.tests.loader.make_suite`` / ``run_suite``), recording each test's
outcome in a JSON file:

    python scripts/odoo_suites.py run -c odoo.conf -d DB --http-port 8069 --out r.json

``compare`` prints the two runs side by side and fails on any test that fails only
with the addons and is not listed, with its reason, in the deviations file:

    python scripts/odoo_suites.py compare plain.json addon.json --deviations FILE

A test fails when it ends in a failure or an error, or when it logs a WARNING or an
ERROR (Odoo's runbot rule, and this repo's: a logged warning is a bug).
"""

import argparse
import json
import logging
import re
import sys
import time
import traceback
from collections import Counter

# Odoo's tests of the modules the addons depend on or extend, as Odoo test tags: whole
# modules, and the test files of account, base and mail about contacts, invoices sent to
# them and activities (the addons change all three).
SUITES = (
    "/contacts",
    "/crm",
    "/sale_crm",
    "/sale",
    "/calendar",
    "/mass_mailing",
    "/account/tests/test_account_partner.py",
    "/account/tests/test_res_partner_merge.py",
    "/account/tests/test_account_move_out_invoice.py",
    "/account/tests/test_account_move_send.py",
    "/base/tests/test_res_partner.py",
    "/base/tests/test_res_partner_merge.py",
    "/mail/tests/test_res_partner.py",
    "/mail/tests/test_mail_activity.py",
)

# Logged by Odoo's threaded test server when a response took over a second between its
# two Date headers: a loaded machine, not a bug (tests/conftest.py tolerates it too).
TOLERATED = (("odoo.service.server", "sending two different Date response headers"),)

# Outcomes, least telling first: a test keeps the last of its most telling outcomes.
RANK = {"not run": 0, "pass": 1, "logged": 2, "skip": 3, "fail": 4, "error": 5}
BAD = ("not run", "logged", "fail", "error")

_SETUP_ERROR = re.compile(r"^(\w+) \(odoo\.addons\.(\w+)\.(?:[\w.]+\.)?(\w+)\)$")


def _tag(test):
    """The Odoo test tag naming ``test`` (``/module:Class.method``), or its class's tag
    for an error of the class set-up or tear-down."""
    from odoo.tests import case  # Odoo's own TestCase and _SubTest

    while isinstance(test, case._SubTest):
        test = test.test_case
    if isinstance(test, case.TestCase):
        return f"/{test.test_module}:{type(test).__name__}.{test._testMethodName}"
    match = _SETUP_ERROR.match(str(test))
    if match:
        return f"/{match[2]}:{match[3]}"
    return str(test)


def _module_of(tag):
    return tag[1:].split("/")[0].split(":")[0]


class Recorder(logging.Handler):
    """Each selected test's outcome, and what it logged at WARNING or above."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.tests = {}

    def set(self, tag, status, detail=""):
        entry = self.tests.setdefault(tag, {"status": "not run", "detail": ""})
        if RANK[status] >= RANK[entry["status"]]:
            entry.update(status=status, detail=detail)

    def emit(self, record):
        from odoo.modules import module
        from odoo.tests import case

        test = module.current_test
        if not isinstance(test, case.TestCase) or record.msg == "%s: %s\n%s":
            return  # outside a test, or Odoo's own report of a failure recorded below
        message = record.getMessage()
        if any(record.name == n and message.startswith(s) for n, s in TOLERATED):
            return
        line = f"{record.levelname} {record.name}: {message.splitlines()[0][:300]}"
        self.set(_tag(test), "logged", line)
        self.tests[_tag(test)].setdefault("logged", []).append(line)


def _patch_result(recorder):
    from odoo.tests.result import OdooTestResult

    def first_line(err):
        return traceback.format_exception_only(err[0], err[1])[-1].strip()[:300]

    def wrap(name, status, detail):
        original = getattr(OdooTestResult, name)

        def method(self, test, *args):
            recorder.set(_tag(test), status, detail(*args))
            return original(self, test, *args)

        setattr(OdooTestResult, name, method)

    wrap("startTest", "pass", lambda: "")
    wrap("addFailure", "fail", first_line)
    wrap("addError", "error", first_line)
    wrap("addSkip", "skip", str)


def run(args):
    import odoo
    from odoo.service import server
    from odoo.tools import config

    tags = args.tags or ",".join(SUITES)
    config.parse_config(
        [
            *("-c", args.config, "-d", args.database),
            *("--http-port", str(args.http_port), "--test-tags", tags),
            *("--test-enable", "--stop-after-init", "--workers", "0"),
            *("--max-cron-threads", "0", "--log-level", "warn"),
            f"--logfile={args.log}",
        ],
        setup_logging=True,
    )
    recorder = Recorder()
    logging.getLogger().addHandler(recorder)
    _patch_result(recorder)
    modules = sorted({_module_of(tag) for tag in tags.split(",")})
    started = time.time()

    def run_suites(dbnames):
        """Replaces odoo.service.server.preload_registries: the registry loaded
        whole (no install, no update), then the suites at both positions."""
        from odoo.tests import loader
        from odoo.tests.result import OdooTestResult

        # With test_enable, loading a registry runs each module's at_install tests
        # as soon as that module is loaded, before the modules depending on it.
        config["test_enable"] = False
        registry = odoo.modules.registry.Registry.new(dbnames[0])
        config["test_enable"] = True
        if registry._assertion_report is None:  # made only when loaded in test mode
            registry._assertion_report = OdooTestResult()
        missing = [m for m in modules if m not in registry._init_modules]
        if missing:
            print(f"modules not installed in {dbnames[0]}: {missing}", file=sys.stderr)
            return 2
        for position in ("at_install", "post_install"):
            suite = loader.make_suite(modules, position)
            for test in suite:
                recorder.set(_tag(test), "not run")
            if suite.has_http_case():
                with registry.cursor() as cr:
                    env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
                    env["ir.qweb"]._pregenerate_assets_bundles()
            result = loader.run_suite(suite, global_report=registry._assertion_report)
            registry._assertion_report.update(result)
        return 0

    server.preload_registries = run_suites
    rc = server.start(preload=[args.database], stop=True)
    with open(args.out, "w", encoding="utf-8") as out:
        json.dump(
            {
                "database": args.database,
                "seconds": round(time.time() - started),
                "tests": recorder.tests,
            },
            out,
            indent=1,
            sort_keys=True,
        )
    return rc


def read_deviations(path):
    """``{tag: reason}`` from the deviations file: one ``tag  reason`` a line, ``#``
    comments. A line without its reason is refused."""
    listed = {}
    with open(path, encoding="utf-8") as lines:
        for number, line in enumerate(lines, 1):
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            tag, _, reason = line.strip().partition(" ")
            if not tag.startswith("/") or not reason.strip():
                sys.exit(f"{path}:{number}: write '/module:Class.method  the reason'")
            listed[tag] = reason.strip()
    return listed


def _counts(tests):
    by_module = {}
    for tag, entry in tests.items():
        counts = by_module.setdefault(_module_of(tag), Counter())
        counts[entry["status"]] += 1
    return by_module


def compare(args):
    with open(args.plain, encoding="utf-8") as f:
        plain = json.load(f)
    with open(args.addon, encoding="utf-8") as f:
        addon = json.load(f)
    listed = read_deviations(args.deviations)
    p_counts, a_counts = _counts(plain["tests"]), _counts(addon["tests"])
    columns = ("run", "pass", "fail", "error", "logged", "skip", "not run")
    width = max(len(m) for m in p_counts.keys() | a_counts.keys() | {"total"})
    head = " ".join(f"{c:>7}" for c in columns)
    print(f"{'':{width}}  {'without the addons':^55}  {'with the addons':^55}")
    print(f"{'module':{width}}  {head}  {head}")

    def row(counts):
        return " ".join(
            f"{sum(counts.values()) if c == 'run' else counts[c]:>7}" for c in columns
        )

    totals = Counter(), Counter()
    for module in sorted(p_counts.keys() | a_counts.keys()):
        p, a = p_counts.get(module, Counter()), a_counts.get(module, Counter())
        totals[0].update(p)
        totals[1].update(a)
        print(f"{module:{width}}  {row(p)}  {row(a)}")
    print(f"{'total':{width}}  {row(totals[0])}  {row(totals[1])}")
    print(
        f"(minutes: {plain['seconds'] / 60:.1f} without the addons,"
        f" {addon['seconds'] / 60:.1f} with them)"
    )

    def status(run, tag):
        return run["tests"].get(tag, {}).get("status", "absent")

    # A test missing from the run with the addons (a crash), or skipped only there,
    # fails; one missing from the run without them does not excuse a failure.
    every = sorted(plain["tests"].keys() | addon["tests"].keys())
    fails_addon = {
        t
        for t in every
        if status(addon, t) in BAD + ("absent",)
        or (status(addon, t) == "skip" and status(plain, t) == "pass")
    }
    fails_plain = {t for t in every if status(plain, t) in BAD}
    only_addon = sorted(fails_addon - fails_plain)
    unlisted = [t for t in only_addon if t not in listed]
    stale = sorted(t for t in listed if t not in only_addon)
    for title, tags, run_ in (
        (
            "Fail without the addons too (Odoo's own, here)",
            fails_addon & fails_plain,
            addon,
        ),
        ("Fail only without the addons", fails_plain - fails_addon, plain),
        ("Fail only with the addons", only_addon, addon),
    ):
        if tags:
            print(f"\n{title}:")
        for tag in sorted(tags):
            detail = run_["tests"].get(tag, {}).get("detail", "").splitlines()
            print(f"  {tag} [{status(run_, tag)}] {detail[0] if detail else ''}")
            if tag in only_addon:
                print(
                    f"    listed: {listed[tag]}" if tag in listed else "    NOT LISTED"
                )
    retried = sorted(t for t, e in addon["tests"].items() if e.get("retried"))
    if retried:
        print("\nFailed once with the addons, passed when run again:")
    for tag in retried:
        print(f"  {tag} (first: {addon['tests'][tag]['retried']})")
    if args.unlisted_out:
        with open(args.unlisted_out, "w", encoding="utf-8") as out:
            out.write(",".join(unlisted))
    problems = [f"fails only with the addons, not listed: {t}" for t in unlisted]
    problems += [f"listed but no longer fails only with the addons: {t}" for t in stale]
    if problems:
        print("\nodoo suites: " + "\n  ".join(["REFUSED", *problems]))
        return 1
    print(f"\nodoo suites: {len(only_addon)} listed deviation(s), nothing else")
    return 0


def _load(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def _dump(run_, path):
    with open(path, "w", encoding="utf-8") as out:
        json.dump(run_, out, indent=1, sort_keys=True)


def retry(args):
    """Merge the tests run again: without the addons, the retry's outcome is the one
    that counts (it is today's); with them, a test (or a class) that passes on the
    retry passes, noted ``retried`` with its first failure."""
    plain, plain_retry = _load(args.plain), _load(args.plain_retry)
    addon, addon_retry = _load(args.addon), _load(args.addon_retry)
    plain["tests"].update(plain_retry["tests"])
    for tag in sorted(args.tags.split(",") if args.tags else addon_retry["tests"]):
        first = addon["tests"].get(tag)
        again = {
            t: e
            for t, e in addon_retry["tests"].items()
            if t == tag or t.startswith(tag + ".")
        }
        addon["tests"].update(again)
        if first and again and not any(e["status"] in BAD for e in again.values()):
            retried = f"{first['status']}: {first['detail'].splitlines()[0]}"
            addon["tests"][tag] = dict(again.get(tag, first), retried=retried)
            addon["tests"][tag]["status"] = "pass"
    _dump(plain, args.out_plain)
    _dump(addon, args.addon)
    return 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    p_run = commands.add_parser("run")
    p_run.add_argument("-c", "--config", required=True)
    p_run.add_argument("-d", "--database", required=True)
    p_run.add_argument("--http-port", type=int, default=8069)
    p_run.add_argument("--tags", help="test tags (default: SUITES)")
    p_run.add_argument("--log", required=True)
    p_run.add_argument("--out", required=True)
    p_cmp = commands.add_parser("compare")
    p_cmp.add_argument("plain")
    p_cmp.add_argument("addon")
    p_cmp.add_argument("--deviations", required=True)
    p_cmp.add_argument("--unlisted-out")
    p_retry = commands.add_parser("retry")
    for name in ("plain", "plain_retry", "addon", "addon_retry"):
        p_retry.add_argument(name)
    p_retry.add_argument("--tags", help="the tags run again (default: all retried)")
    p_retry.add_argument("--out-plain", required=True)
    args = parser.parse_args()
    return {"run": run, "compare": compare, "retry": retry}[args.command](args)


if __name__ == "__main__":
    sys.exit(main())
