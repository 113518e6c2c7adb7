# The two commands of the quick start. Everything else they need is set up by scripts/setup.sh.
#   make run   [PORT=8069] [DB=crm_contacts_ext] [ODOO_SRC=~/.cache/odoo/18.0]
#   make test  [ARGS="tests/test_x.py -k name"]
#   make test-odoo  Odoo's own suites of the modules the addons extend, with and without them
#   make lint  ruff + pylint-odoo, as CI runs them
#   make bench benchmarks against plain Odoo (not part of make test)
#   make bench-load  the addon under concurrent load against plain Odoo [ARGS="--reps 1"]
SHELL := /bin/bash
ADDON := crm_contacts_ext

.PHONY: run test test-odoo lint bench bench-load clean

run:
	@scripts/run.sh

test:
	@scripts/test.sh $(ARGS)

test-odoo:
	@scripts/test_odoo.sh

lint:
	@scripts/lint.sh

bench:
	@scripts/bench.sh

bench-load:
	@scripts/bench_load.sh $(ARGS)

clean:
	rm -rf .venv .state
