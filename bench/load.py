"""Load benchmark of crm_contacts_ext against plain Odoo (run by scripts/bench_load.sh).

A multi-worker Odoo server (``odoo-bin --workers``) on loopback serves two databases
made from the same template: "plain" (Odoo's modules only) and "addon" (the addon
installed). Concurrent JSON-RPC clients run each scenario of bench/load_scenarios.py
on both, taking turns slice by slice, each run on fresh records and bounded in calls
and time. The report gives the throughput (operations per second) and its ratio
addon / plain, the latency p50/p95, the client errors, the ERROR lines and
serialization retries the server logged for each database, and the integrity
checks made after each run.
"""

import argparse
import http.client
import itertools
import json
import statistics
import sys
import threading
import time
from pathlib import Path

from load_scenarios import ADDON, PLAIN, SCENARIOS


class RpcError(Exception):
    pass


class Client:
    """JSON-RPC to one database as one user, on a kept-alive connection."""

    def __init__(self, host, port, db, login, password, timeout):
        self.host, self.port, self.db, self.timeout = host, port, db, timeout
        self.password = password
        self.conn = None
        self.ids = itertools.count()
        self.uid = self.call("common", "login", [db, login, password])
        if not self.uid:
            raise RpcError(f"cannot log in to {db} as {login}")

    def call(self, service, method, args):
        payload = json.dumps(
            {
                "jsonrpc": "2.0",
                "method": "call",
                "id": next(self.ids),
                "params": {"service": service, "method": method, "args": args},
            }
        )
        for attempt in (1, 2):
            try:
                if self.conn is None:
                    self.conn = http.client.HTTPConnection(
                        self.host, self.port, timeout=self.timeout
                    )
                self.conn.request(
                    "POST", "/jsonrpc", payload, {"Content-Type": "application/json"}
                )
                body = json.loads(self.conn.getresponse().read())
                break
            except (http.client.HTTPException, ConnectionError):
                self.conn = None  # the worker closed the connection: once more
                if attempt == 2:
                    raise
        if body.get("error"):
            data = body["error"].get("data", {})
            raise RpcError(data.get("message") or body["error"].get("message"))
        return body["result"]

    def __call__(self, model, method, args, kwargs=None):
        return self.call(
            "object",
            "execute_kw",
            [self.db, self.uid, self.password, model, method, args, kwargs or {}],
        )


def percentile(values, fraction):
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def log_lines_since(path, offset):
    with open(path, "rb") as log:
        log.seek(offset)
        data = log.read()
    return offset + len(data), data.decode(errors="replace").splitlines()


def server_events(lines, db):
    """ERROR/CRITICAL lines and serialization retries logged for ``db``."""
    errors, retries = [], 0
    for line in lines:
        parts = line.split(" ", 5)
        if len(parts) < 6 or parts[4] != db:
            continue
        if parts[3] in ("ERROR", "CRITICAL"):
            errors.append(line)
        elif "tries left, try again" in line or "maximum number of tries" in line:
            retries += 1
    return errors, retries


def run_rep(scenario, rep, args, admins, log_path):
    """One run of ``scenario`` on each database: {kind: dict of figures}.

    The run's operations (or its time, for a timed scenario) are cut into
    ``args.slices`` slices, and the two databases take turns slice by slice
    (plain, addon, then addon, plain...): on a machine whose speed drifts (a
    shared host), both databases meet the same drift, which a run of each in
    turn did not (ratios 0.74 to 1.09 in one run of the card). Each database's
    throughput is its operations over the time of its own slices.
    """
    states = {kind: scenario.setup(admins[kind], kind, rep, args) for kind in admins}
    operations = {kind: scenario.calls(states[kind], args) for kind in admins}
    figures = {
        kind: {"done": 0, "wall": 0.0, "latencies": [], "errors": [], "logged": []}
        for kind in admins
    }
    retries = dict.fromkeys(admins, 0)
    # Logged in once a run, not once a slice (a login checks a password hash).
    clients = {
        kind: [
            Client(args.host, args.port, db, args.login, args.password, args.timeout)
            for __ in range(args.clients)
        ]
        for kind, db in ((kind, admin.db) for kind, admin in admins.items())
    }
    slices = max(1, args.slices)
    for index in range(slices):
        order = (PLAIN, ADDON) if (rep + index) % 2 == 0 else (ADDON, PLAIN)
        for kind in order:
            if scenario.timed:
                chosen, seconds = operations[kind], args.card_seconds / slices
            else:
                count = len(operations[kind])
                chosen = operations[kind][
                    count * index // slices : count * (index + 1) // slices
                ]
                seconds = args.run_timeout / slices
            done = run_slice(scenario, chosen, seconds, clients[kind], log_path)
            for key in ("done", "wall"):
                figures[kind][key] += done[key]
            for key in ("latencies", "errors", "logged"):
                figures[kind][key] += done[key]
            retries[kind] += done["retries"]
    for kind, fig in figures.items():
        fig["retries"] = retries[kind]
        fig["throughput"] = fig["done"] / fig["wall"] if fig["wall"] else 0.0
        fig["problems"] = scenario.check(admins[kind], kind, states[kind], args)
        total = len(operations[kind])
        if not scenario.timed and fig["done"] + len(fig["errors"]) < total:
            fig["problems"].append(
                f"only {fig['done'] + len(fig['errors'])} of {total} operations "
                f"done in {args.run_timeout} s"
            )
    return figures


def run_slice(scenario, operations, seconds, clients, log_path):
    """``operations`` (or the first, repeated for ``seconds`` if the scenario
    is timed) by ``clients`` (of one database) at once."""
    offset = Path(log_path).stat().st_size
    latencies, errors = [], []
    lock = threading.Lock()
    queue = iter(range(len(operations)))
    started = time.perf_counter()
    deadline = started + seconds

    def work(client):
        while time.perf_counter() < deadline:
            if scenario.timed:
                operation = operations[0]
            else:
                with lock:
                    index = next(queue, None)
                if index is None:
                    return
                operation = operations[index]
            t0 = time.perf_counter()
            try:
                operation(client)
            except Exception as exc:  # noqa: BLE001  counted and reported
                with lock:
                    errors.append(str(exc).splitlines()[0][:200])
                continue
            with lock:
                latencies.append(time.perf_counter() - t0)

    threads = [threading.Thread(target=work, args=(c,)) for c in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    time.sleep(0.5)  # the server's last log lines
    __, lines = log_lines_since(log_path, offset)
    logged, retries = server_events(lines, clients[0].db)
    return {
        "done": len(latencies),
        "wall": wall,
        "latencies": latencies,
        "errors": errors,
        "logged": logged,
        "retries": retries,
    }


def warm_up(args, admins):
    """Every worker loads both databases' registries, and runs the code of the
    scenarios once, before anything is timed."""

    def touch(client):
        client("res.partner", "search_read", [[]], {"limit": 5})
        client("res.partner", "create", [{"name": "Warm-up"}])
        client(
            "sale.order",
            "create",
            [{"partner_id": client("res.partner", "search", [[]], {"limit": 1})[0]}],
        )

    for admin in admins.values():
        clients = [
            Client(args.host, args.port, admin.db, args.login, args.password, 300)
            for __ in range(args.clients * 2)
        ]
        threads = [threading.Thread(target=touch, args=(c,)) for c in clients]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()


def report(scenario, runs):
    """Print one scenario's figures; return whether its targets are met."""
    ratios = [
        a["throughput"] / p["throughput"]
        for p, a in zip(runs[PLAIN], runs[ADDON], strict=True)
        if p["throughput"]
    ]
    ratio = statistics.median(ratios) if ratios else float("nan")
    ok = ratio >= scenario.target
    print(f"\n## {scenario.name}  (target addon/plain ≥ {scenario.target})")
    print("| | plain | addon |")
    print("|---|---|---|")

    def row(label, fn):
        print(f"| {label} | {fn(runs[PLAIN])} | {fn(runs[ADDON])} |")

    row(
        "operations / s (median)",
        lambda r: f"{statistics.median(x['throughput'] for x in r):.2f}",
    )
    row("operations done per run", lambda r: ", ".join(str(x["done"]) for x in r))
    row(
        "latency p50 / p95 (ms)",
        lambda r: "{:.0f} / {:.0f}".format(
            1000 * percentile([v for x in r for v in x["latencies"]], 0.5),
            1000 * percentile([v for x in r for v in x["latencies"]], 0.95),
        ),
    )
    row("client errors", lambda r: str(sum(len(x["errors"]) for x in r)))
    row(
        "ERROR lines in the server log", lambda r: str(sum(len(x["logged"]) for x in r))
    )
    row("serialization retries logged", lambda r: str(sum(x["retries"] for x in r)))
    row("integrity", lambda r: "ok" if not any(x["problems"] for x in r) else "FAILED")
    print(
        f"\naddon/plain throughput: {ratio:.2f} (runs: "
        f"{', '.join(f'{x:.2f}' for x in ratios)}) {'✓' if ok else '✗'}"
    )
    for kind in (PLAIN, ADDON):
        for run in runs[kind]:
            for line in (run["errors"] + run["logged"] + run["problems"])[:3]:
                print(f"  {kind}: {' '.join(line.split())[:160]}")
        if kind == ADDON:
            bad = any(r["errors"] or r["logged"] or r["problems"] for r in runs[kind])
            ok = ok and not bad
    return ok


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8082)
    parser.add_argument("--plain-db", required=True)
    parser.add_argument("--addon-db", required=True)
    parser.add_argument("--log", required=True, help="the server's log file")
    parser.add_argument("--login", default="admin")
    parser.add_argument("--password", default="admin")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--reps", type=int, default=5, help="runs per database")
    parser.add_argument("--persons", type=int, default=400)
    parser.add_argument("--quotations", type=int, default=240)
    parser.add_argument("--customers", type=int, default=5)
    parser.add_argument("--toggles", type=int, default=320)
    parser.add_argument("--consent-contacts", type=int, default=3)
    parser.add_argument("--card-seconds", type=float, default=20.0)
    parser.add_argument(
        "--slices",
        type=int,
        default=4,
        help="slices of each run, the databases taking turns slice by slice",
    )
    parser.add_argument(
        "--run-timeout",
        type=float,
        default=180.0,
        help="a run stops taking operations after this many seconds",
    )
    parser.add_argument("--timeout", type=float, default=120.0, help="per call")
    parser.add_argument(
        "--only",
        action="append",
        default=[],
        help="run only these scenarios (repeatable)",
    )
    args = parser.parse_args(argv)

    dbs = {PLAIN: args.plain_db, ADDON: args.addon_db}
    admins = {
        kind: Client(args.host, args.port, db, args.login, args.password, 300)
        for kind, db in dbs.items()
    }
    warm_up(args, admins)
    started = time.perf_counter()
    all_ok = True
    print(
        f"# Load benchmark: {args.clients} JSON-RPC clients, {args.reps} runs per "
        f"database, alternating in {args.slices} slices a run; server log {args.log}"
    )
    for scenario in SCENARIOS:
        if args.only and scenario.name not in args.only:
            continue
        runs = {PLAIN: [], ADDON: []}
        for rep in range(args.reps):
            for kind, figures in run_rep(scenario, rep, args, admins, args.log).items():
                runs[kind].append(figures)
        all_ok = report(scenario, runs) and all_ok
        sys.stdout.flush()
    print(
        f"\nTotal {time.perf_counter() - started:.0f} s; "
        f"{'all targets met' if all_ok else 'some targets missed'}"
    )
    return 0 if all_ok else 1


if __name__ == "__main__":
    sys.exit(main())
