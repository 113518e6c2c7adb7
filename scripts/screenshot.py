"""Take screenshots of the running web client with headless Chromium (for the README).

Usage: .venv/bin/python scripts/screenshot.py --url http://localhost:8069 \
           --path "/odoo/contacts/42" --out static/description/card.png [--lang fr_CA]

Logs in as admin/admin (the demo database of `make run`), opens the page, saves a PNG.
Drives Chromium through the DevTools protocol with websocket-client (already an
Odoo requirement), so no browser download and no extra package is needed.
"""

import argparse
import base64
import json
import shutil
import subprocess
import tempfile
import time
import urllib.request

import websocket


def _wait_json(url, timeout=30):
    deadline = time.time() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as resp:
                return json.load(resp)
        except OSError:
            if time.time() > deadline:
                raise
            time.sleep(0.3)


class Page:
    def __init__(self, ws_url):
        self.ws = websocket.create_connection(ws_url, timeout=60)
        self.seq = 0

    def call(self, method, **params):
        self.seq += 1
        self.ws.send(json.dumps({"id": self.seq, "method": method, "params": params}))
        while True:
            msg = json.loads(self.ws.recv())
            if msg.get("id") == self.seq:
                if "error" in msg:
                    raise RuntimeError(f"{method}: {msg['error']}")
                return msg.get("result", {})

    def evaluate(self, expression):
        res = self.call("Runtime.evaluate", expression=expression, awaitPromise=True)
        return res.get("result", {}).get("value")

    def goto(self, url, ready_selector, timeout=60):
        self.call("Page.navigate", url=url)
        deadline = time.time() + timeout
        while not self.evaluate(
            f"!!document.querySelector({json.dumps(ready_selector)})"
        ):
            if time.time() > deadline:
                where = self.evaluate("location.href + ' | ' + document.title")
                raise TimeoutError(
                    f"{ready_selector} did not appear on {url} ({where})"
                )
            time.sleep(0.3)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://localhost:8069")
    parser.add_argument(
        "--path", required=True, help="page to open, e.g. /odoo/contacts/7"
    )
    parser.add_argument("--out", required=True)
    parser.add_argument("--login", default="admin")
    parser.add_argument("--password", default="admin")
    parser.add_argument("--selector", default=".o_form_view .o_form_sheet")
    parser.add_argument("--click", help="CSS selector to click before the screenshot")
    parser.add_argument("--width", type=int, default=1440)
    parser.add_argument("--height", type=int, default=1000)
    args = parser.parse_args()

    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if not chromium:
        raise SystemExit("chromium is not installed (Debian package 'chromium').")
    profile = tempfile.mkdtemp(prefix="crm_ext_shot_")
    port = 9333
    proc = subprocess.Popen(
        [
            chromium,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={profile}",
            f"--remote-debugging-port={port}",
            f"--window-size={args.width},{args.height}",
            "about:blank",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        targets = _wait_json(f"http://127.0.0.1:{port}/json")
        page = Page(
            next(t for t in targets if t["type"] == "page")["webSocketDebuggerUrl"]
        )
        page.call("Page.enable")
        page.goto(f"{args.url}/web/login", "input[name=login]")
        page.evaluate(
            f"""
            document.querySelector('input[name=login]').value =
                {json.dumps(args.login)};
            document.querySelector('input[name=password]').value =
                {json.dumps(args.password)};
            document.querySelector('form.oe_login_form').submit();"""
        )
        deadline = time.time() + 60
        while "/web/login" in (page.evaluate("location.href") or "/web/login"):
            if time.time() > deadline:
                raise SystemExit(f"could not log in as {args.login}")
            time.sleep(0.3)
        page.goto(f"{args.url}{args.path}", args.selector)
        if args.click:
            page.evaluate(f"document.querySelector({json.dumps(args.click)}).click()")
        time.sleep(2.5)  # let lazy widgets (avatars, chatter) settle
        shot = page.call("Page.captureScreenshot", format="png")
        with open(args.out, "wb") as fh:
            fh.write(base64.b64decode(shot["data"]))
        print(f"saved {args.out}")
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        shutil.rmtree(profile, ignore_errors=True)


if __name__ == "__main__":
    main()
