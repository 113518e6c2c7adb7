"""The four scenarios of the load benchmark (bench/load.py), over JSON-RPC.

Each scenario has a ``setup(rpc, kind, rep, opts)`` returning a state (its own
fresh records, so that every run starts alike), ``calls(state, opts)`` giving the
operations the clients share (or the one to repeat for a time), each a function
of a client's ``rpc``, and
``check(rpc, kind, state, opts)`` returning the integrity problems found (an empty
list when all is well). ``rpc`` calls one database as the administrator.
"""

import itertools
from dataclasses import dataclass

ADDON, PLAIN = "addon", "plain"


@dataclass
class Scenario:
    name: str
    setup: object
    calls: object  # calls(state, opts) -> list of functions of rpc
    check: object
    timed: bool = False  # True: the clients repeat the calls until time is up
    target: float = 0.9  # min throughput addon / plain


# --- roles: persons created under one company, half asking for rank 1 -----------


def setup_roles(rpc, kind, rep, opts):
    company = rpc(
        "res.partner", "create", [{"name": f"Load roles {rep}", "is_company": True}]
    )
    role_id = None
    if kind == ADDON:
        role_id = rpc(
            "res.partner.contact.role", "search", [[("code", "=", "purchasing")]]
        )[0]
    return {"company_id": company, "role_id": role_id}


def calls_roles(state, opts):
    calls = []
    for i in range(opts.persons):
        vals = {"name": f"Person {i}", "parent_id": state["company_id"]}
        if state["role_id"]:
            line = {"role_id": state["role_id"]}
            if i % 2 == 0:
                line["rank"] = 1
            vals["role_line_ids"] = [(0, 0, line)]
        calls.append(_call("res.partner", "create", [vals]))
    return calls


def _call(model, method, args, kwargs=None):
    return lambda rpc: rpc(model, method, args, kwargs)


def _create_and_confirm(vals):
    def operation(rpc):
        order_id = rpc("sale.order", "create", [vals])
        return rpc("sale.order", "action_confirm", [[order_id]])

    return operation


def check_roles(rpc, kind, state, opts):
    problems = []
    persons = rpc(
        "res.partner", "search_count", [[("parent_id", "=", state["company_id"])]]
    )
    if persons != opts.persons:
        problems.append(f"{persons} persons created of {opts.persons}")
    if kind == ADDON:
        lines = rpc(
            "res.partner.contact.role.line",
            "search_read",
            [[("commercial_partner_id", "=", state["company_id"])]],
            {"fields": ["rank", "partner_id"]},
        )
        ranks = sorted(line["rank"] for line in lines)
        if ranks != list(range(1, opts.persons + 1)):
            problems.append(f"ranks are not 1..{opts.persons}: {len(lines)} lines")
        first = [line for line in lines if line["rank"] == 1]
        if len(first) != 1:
            problems.append(f"{len(first)} rank-1 holders")
        elif int(first[0]["partner_id"][1].split()[-1]) % 2:
            problems.append("the rank-1 holder did not ask for rank 1")
    return problems


# --- quotations: created and confirmed for a few customers ---------------------


def setup_quotations(rpc, kind, rep, opts):
    product = rpc(
        "product.product",
        "create",
        [{"name": f"Load chocolate {rep}", "list_price": 12.5, "type": "consu"}],
    )
    customers = []
    for i in range(opts.customers):
        vals = {"name": f"Load customer {rep}-{i}", "is_company": True}
        customer = rpc("res.partner", "create", [vals])
        person = {"name": f"Buyer {rep}-{i}", "parent_id": customer}
        if kind == ADDON:
            role_id = rpc(
                "res.partner.contact.role", "search", [[("code", "=", "purchasing")]]
            )[0]
            person["role_line_ids"] = [(0, 0, {"role_id": role_id})]
        rpc("res.partner", "create", [person])
        customers.append(customer)
    return {"product_id": product, "customer_ids": customers}


def calls_quotations(state, opts):
    customers = state["customer_ids"]
    return [
        _create_and_confirm(
            {
                "partner_id": customers[i % len(customers)],
                "order_line": [
                    (0, 0, {"product_id": state["product_id"], "product_uom_qty": 2})
                ],
            }
        )
        for i in range(opts.quotations)
    ]


def check_quotations(rpc, kind, state, opts):
    problems = []
    domain = [("partner_id", "in", state["customer_ids"]), ("state", "=", "sale")]
    confirmed = rpc("sale.order", "search_count", [domain])
    if confirmed != opts.quotations:
        problems.append(f"{confirmed} orders confirmed of {opts.quotations}")
    if kind == ADDON:
        # Plain Odoo marks a customer when invoicing; the addon on confirmation.
        for customer in rpc(
            "res.partner",
            "read",
            [state["customer_ids"], ["customer_rank", "contact_status"]],
        ):
            if (
                not customer["customer_rank"]
                or customer["contact_status"] != "customer"
            ):
                problems.append(f"customer {customer['id']} not marked a customer")
    return problems


# --- consent: toggled on a few contacts ----------------------------------------


def setup_consent(rpc, kind, rep, opts):
    ids = [
        rpc(
            "res.partner",
            "create",
            [
                {
                    "name": f"Load consent {rep}-{i}",
                    "email": f"load{rep}-{i}@example.com",
                }
            ],
        )
        for i in range(opts.consent_contacts)
    ]
    return {"partner_ids": ids, "rep": rep, "kind": kind}


def calls_consent(state, opts):
    ids = state["partner_ids"]
    calls = []
    for i in range(opts.toggles):
        partner_id = ids[i % len(ids)]
        on = (i // len(ids)) % 2 == 0
        if state.get("kind") == ADDON:
            vals = {"allow_communication": on}
        else:
            # Plain Odoo has no consent: the same write of the same contacts,
            # of their email.
            vals = {"email": f"load{state['rep']}-{partner_id}-{int(on)}@example.com"}
        calls.append(_call("res.partner", "write", [[partner_id], vals]))
    return calls


def check_consent(rpc, kind, state, opts):
    if kind != ADDON:
        return []
    problems = []
    for partner in rpc(
        "res.partner", "read", [state["partner_ids"], ["allow_communication"]]
    ):
        events = rpc(
            "res.partner.consent",
            "search_read",
            [[("partner_id", "=", partner["id"])]],
            {"fields": ["state"], "order": "id"},
        )
        states = [event["state"] for event in events]
        # In commit order, each event changes the state: a grant, a withdrawal...
        if any(a == b for a, b in itertools.pairwise(states)):
            problems.append(f"contact {partner['id']}: two equal events in a row")
        if states and (states[-1] == "granted") != partner["allow_communication"]:
            problems.append(f"contact {partner['id']}: box differs from the history")
    return problems


# --- card: a customer's contact card read again and again ----------------------


def setup_card(rpc, kind, rep, opts):
    state = setup_quotations(rpc, kind, f"card{rep}", opts)
    customer = state["customer_ids"][0]
    lead = rpc(
        "crm.lead",
        "create",
        [
            {
                "name": "Load Christmas order",
                "type": "opportunity",
                "partner_id": customer,
            }
        ],
    )
    if kind == ADDON:
        rpc(
            "res.partner.note",
            "create",
            [{"partner_id": customer, "name": "Prefers dark chocolate"}],
        )
        rpc(
            "crm.lead.product.line",
            "create",
            [
                {
                    "lead_id": lead,
                    "product_id": state["product_id"],
                    "product_uom_qty": 3,
                }
            ],
        )
    views = rpc(
        "res.partner",
        "get_views",
        [[[False, "form"]]],
        {"options": {"load_filters": False}},
    )
    from run import spec_from_arch  # bench/run.py: the spec the web client builds

    state["spec"] = spec_from_arch(
        views["views"]["form"]["arch"], "res.partner", views["models"]
    )
    state["card_id"] = customer
    return state


def calls_card(state, opts):
    return [_call("res.partner", "web_read", [[state["card_id"]], state["spec"]])]


def check_card(rpc, kind, state, opts):
    return []


SCENARIOS = [
    Scenario("roles", setup_roles, calls_roles, check_roles, target=0.8),
    Scenario("quotations", setup_quotations, calls_quotations, check_quotations),
    Scenario("consent", setup_consent, calls_consent, check_consent),
    Scenario("card", setup_card, calls_card, check_card, timed=True),
]
