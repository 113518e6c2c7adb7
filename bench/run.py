"""Benchmarks of crm_contacts_ext against plain Odoo (run by scripts/bench.sh).

Two databases built from the same template: one with the addon installed, one
"plain" with only the Odoo modules the addon depends on. Each workload prepares its
data in both (committed: the databases are throw-away), then runs several times,
alternating the two databases so that the load of a shared machine hits both alike.
The table gives the median wall time, the ratio addon / plain and the SQL queries
of one run; bench/results.md keeps it with the machine and the date.

To add a workload (issue 9 and later): write a ``setup(env, kind)`` returning a
state and a ``run(env, state, rep)`` (timed, flushed), and append a ``Workload`` to
``WORKLOADS``; add a ``Check`` when the issue pins a target.
"""

import argparse
import ast
import datetime
import math
import os
import platform
import random
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from odoo.fields import Command

ADDON, PLAIN = "addon", "plain"
EARTH_RADIUS_KM = 6371.0088


@dataclass
class Workload:
    name: str
    setup: object  # setup(env, kind) -> state
    run: object  # run(env, state, rep) -> None; timed, flushed by the runner
    repeat: int = 5
    kinds: tuple = (PLAIN, ADDON)
    target: float | None = None  # max ratio addon / plain
    records: int | None = None  # records per run, for the time per record
    max_extra_queries: int | None = None  # max queries addon - plain
    note: str = ""


@dataclass
class Check:
    """A target between two workloads ``num`` and ``den``, on time per record.

    With a ``kind``: that database's median time per record in num over den.
    Without: the addon/plain ratio of num over the one of den, i.e. how much
    the addon's cost per record grows from the smaller size to the larger.
    Plain Odoo's own growth is set aside, and so is a drift of the machine
    between the two workloads: each ratio comes from runs made side by side.
    """

    name: str
    num: str
    den: str
    max_ratio: float
    kind: str | None = None


@dataclass
class Result:
    times: list = field(default_factory=list)
    queries: int = 0

    @property
    def median(self):
        return statistics.median(self.times)


# --- Workloads ---------------------------------------------------------------------

QUIET = {"tracking_disable": True, "mail_create_nolog": True, "mail_notrack": True}
UTM_LEADS = 10_000
UTM_PARTNERS = 2_000  # 500 companies with 3 contacts each


def setup_utm(env, kind):
    """10,000 opportunities over 2,000 contacts and companies.

    Partners are created by the ORM; the opportunities by one INSERT (the ORM
    takes minutes for 10,000 of them on a small machine), identical in both
    databases, so the addon's partners are synced by the first measured write.
    """
    ctx = {"tracking_disable": True, "mail_create_nolog": True, "mail_notrack": True}
    env = env(context=ctx)
    Partner = env["res.partner"]
    companies = Partner.create(
        [{"name": f"Bench company {i}", "is_company": True} for i in range(500)]
    )
    contacts = Partner.create(
        [
            {"name": f"Bench contact {i}", "parent_id": companies[i % 500].id}
            for i in range(UTM_PARTNERS - 500)
        ]
    )
    partner_ids = (companies | contacts).ids
    team = env["crm.team"].search([], limit=1)
    stage = env["crm.stage"].search([], limit=1)
    env.flush_all()
    env.cr.execute(
        "INSERT INTO crm_lead (name, type, active, partner_id, company_id, user_id,"
        " team_id, stage_id, priority, probability, date_open, create_date,"
        " write_date, create_uid, write_uid)"
        " SELECT 'Bench opportunity ' || i, 'opportunity', true,"
        " (%s::int[])[1 + i %% %s], %s, %s, %s, %s, '0', 10,"
        " now() at time zone 'UTC', now() at time zone 'UTC',"
        " now() at time zone 'UTC', 1, 1"
        " FROM generate_series(0, %s - 1) AS i RETURNING id",
        [
            partner_ids,
            len(partner_ids),
            env.company.id,
            env.user.id,
            team.id or None,
            stage.id or None,
            UTM_LEADS,
        ],
    )
    lead_ids = [row[0] for row in env.cr.fetchall()]
    campaigns = env["utm.campaign"].create(
        [{"name": f"Bench campaign {i}"} for i in range(10)]
    )
    env.cr.commit()
    env.cr.execute("ANALYZE crm_lead")
    return {"lead_ids": lead_ids, "campaign_ids": campaigns.ids}


def make_run_utm(count):
    def run_utm(env, state, rep):
        leads = env["crm.lead"].browse(state["lead_ids"][:count])
        campaign_ids = state["campaign_ids"]
        leads.write({"campaign_id": campaign_ids[rep % len(campaign_ids)]})

    return run_utm


# search_nearby: uniformly spread contacts over southern Québec; the same points in
# both databases. 10,000 first, then 90,000 more for the 100,000 measure.
GEO_BOX = (45.0, 49.0, -75.0, -70.0)
GEO_CENTRES = [(46.8139, -71.2080), (45.5019, -73.5674), (46.1180, -70.6690)]
GEO_RADIUS_KM = 25.0


def _insert_geo_partners(env, start, count):
    rng = random.Random(start)
    lat0, lat1, lon0, lon1 = GEO_BOX
    rows = [
        (f"Bench geo {i:06d}", rng.uniform(lat0, lat1), rng.uniform(lon0, lon1))
        for i in range(start, start + count)
    ]
    cr = env.cr
    for chunk in range(0, len(rows), 5000):
        values = rows[chunk : chunk + 5000]
        cr.execute(
            "INSERT INTO res_partner (name, active, type, is_company,"
            " autopost_bills, partner_latitude, partner_longitude, create_date,"
            " write_date, create_uid, write_uid)"
            " SELECT v.name, true, 'contact', false, 'ask', v.lat, v.lon,"
            " now() at time zone 'UTC', now() at time zone 'UTC', 1, 1"
            " FROM unnest(%s::varchar[], %s::float8[], %s::float8[])"
            " AS v(name, lat, lon)",
            [[r[0] for r in values], [r[1] for r in values], [r[2] for r in values]],
        )
    cr.execute(
        "UPDATE res_partner SET commercial_partner_id = id,"
        " complete_name = name WHERE commercial_partner_id IS NULL"
    )
    cr.commit()
    cr.execute("ANALYZE res_partner")
    cr.commit()


def _verify_nearby(env, kind):
    """search_nearby must find what the naive scan finds, in the same order."""
    Partner = env["res.partner"]
    if not hasattr(Partner, "search_nearby"):
        return
    for lat, lon in GEO_CENTRES[:1]:
        fast = Partner.search_nearby(lat, lon, GEO_RADIUS_KM, limit=20)
        slow = nearby_naive(env, lat, lon, GEO_RADIUS_KM)
        if [r["id"] for r in fast] != [r["id"] for r in slow]:
            raise AssertionError(
                f"search_nearby differs from a full scan at {lat, lon}"
            )


def setup_nearby_10k(env, kind):
    _insert_geo_partners(env, 0, 10_000)
    _verify_nearby(env, kind)
    return {}


def setup_nearby_100k(env, kind):
    _insert_geo_partners(env, 10_000, 90_000)
    _verify_nearby(env, kind)
    return {}


def _haversine(lat1, lon1, lat2, lon2):
    p1, p2 = math.radians(lat1), math.radians(lat2)
    h = (
        math.sin((p2 - p1) / 2) ** 2
        + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def nearby_naive(env, lat, lon, radius_km, limit=20):
    """What one does in plain Odoo: read every position, compute in Python."""
    rows = env["res.partner"].search_read(
        [("partner_latitude", "!=", 0.0)],
        ["display_name", "partner_latitude", "partner_longitude"],
    )
    found = []
    for row in rows:
        d = _haversine(lat, lon, row["partner_latitude"], row["partner_longitude"])
        if d <= radius_km:
            found.append((d, row["id"], row["display_name"]))
    found.sort()
    return [{"id": i, "name": n, "distance_km": d} for d, i, n in found[:limit]]


def run_nearby(env, state, rep):
    lat, lon = GEO_CENTRES[rep % len(GEO_CENTRES)]
    Partner = env["res.partner"]
    if hasattr(Partner, "search_nearby"):
        Partner.search_nearby(lat, lon, GEO_RADIUS_KM, limit=20)
    else:
        nearby_naive(env, lat, lon, GEO_RADIUS_KM)


# Contacts: companies and their contacts, as an import or a sync would create them.
# Where the addon is installed, every contact holds one role (purchasing or accounts
# payable, alternately), so each company ranks five holders of each role.
ROLE_CODES = ("purchasing", "accounts_payable")


def setup_contacts(env, kind):
    if kind == PLAIN:
        return {"role_ids": []}
    role_id = {
        role.code: role.id
        for role in env["res.partner.contact.role"].search([("code", "in", ROLE_CODES)])
    }
    return {"role_ids": [role_id[code] for code in ROLE_CODES]}


def make_run_contacts(companies, contacts):
    per_company = contacts // companies

    def run_contacts(env, state, rep, companies=companies, contacts=contacts):
        if rep < 0:  # the warm-up: a small run
            companies, contacts = 10, 10 * per_company
        Partner = env["res.partner"]
        parents = Partner.create(
            [
                {"name": f"Bench firm {rep} {i}", "is_company": True}
                for i in range(companies)
            ]
        )
        role_ids = state["role_ids"]
        vals_list = []
        for i in range(contacts):
            vals = {
                "name": f"Bench person {rep} {i}",
                "parent_id": parents[i // per_company].id,
                "email": f"person{rep}.{i}@example.com",
            }
            if role_ids:
                vals["role_line_ids"] = [
                    Command.create({"role_id": role_ids[i % len(role_ids)]})
                ]
            vals_list.append(vals)
        Partner.create(vals_list)

    return run_contacts


# Quotations and invoices: customers (companies with two contacts each) and one
# product, the same in both databases. Where the addon is installed the first
# contact of each customer is its rank-1 purchasing and accounts payable contact
# (documents pick it), and one customer in ten is under a non-blocking warning.
DOC_CUSTOMERS = 200


def setup_customers(env, kind):
    env = env(context=QUIET)
    Partner = env["res.partner"]
    customers = Partner.create(
        [
            {"name": f"Bench customer {i}", "is_company": True}
            for i in range(DOC_CUSTOMERS)
        ]
    )
    contacts = Partner.create(
        [
            {"name": f"Bench buyer {i}", "parent_id": customers[i // 2].id}
            for i in range(2 * DOC_CUSTOMERS)
        ]
    )
    if kind == ADDON:
        roles = env["res.partner.contact.role"].search([("code", "in", ROLE_CODES)])
        env["res.partner.contact.role.line"].create(
            [
                {"partner_id": contact.id, "role_id": role.id}
                for contact in contacts[::2]
                for role in roles
            ]
        )
        env["res.partner.warning"].create(
            [
                {"partner_id": customer.id, "message": "Pays late: call first."}
                for customer in customers[::10]
            ]
        )
    product = env["product.product"].create(
        {"name": "Bench chocolate box", "list_price": 25.0, "type": "consu"}
    )
    return {"customer_ids": customers.ids, "product_id": product.id}


# Documents are made in chunks, as a batch job does: posting is superlinear in the
# size of one batch in Odoo itself (each move's write re-syncs the whole batch).
DOC_CHUNK = 100


def _chunks(count, rep):
    """Sizes of the chunks of one run; the warm-up run makes a single small one."""
    if rep < 0:
        return [min(count, 20)]
    return [min(DOC_CHUNK, count - start) for start in range(0, count, DOC_CHUNK)]


def make_run_quotations(count):
    def run_quotations(env, state, rep):
        customer_ids = state["customer_ids"]
        line = {"product_id": state["product_id"], "product_uom_qty": 2}
        for size in _chunks(count, rep):
            orders = env["sale.order"].create(
                [
                    {
                        "partner_id": customer_ids[i % len(customer_ids)],
                        "order_line": [Command.create(line)],
                    }
                    for i in range(size)
                ]
            )
            orders.action_confirm()
            env.flush_all()

    return run_quotations


def make_run_invoices(count):
    def run_invoices(env, state, rep):
        customer_ids = state["customer_ids"]
        line = {"product_id": state["product_id"], "quantity": 2, "price_unit": 25.0}
        for size in _chunks(count, rep):
            moves = env["account.move"].create(
                [
                    {
                        "move_type": "out_invoice",
                        "partner_id": customer_ids[i % len(customer_ids)],
                        "invoice_line_ids": [Command.create(line)],
                    }
                    for i in range(size)
                ]
            )
            moves.action_post()
            env.flush_all()

    return run_invoices


# Forms: what the web client asks when a user opens a contact card or picks the
# customer of a quotation. Queries are counted with the views' cache warm (the
# warm-up run), as for any user after the first.


def spec_from_arch(arch, model, models):
    """The web_read / onchange specification the web client builds from a form."""
    from lxml import etree

    fields_info = (
        models[model]["fields"] if "fields" in models[model] else models[model]
    )

    def walk(node, model, fields_info, spec):
        for child in node:
            if not isinstance(child.tag, str):
                continue
            if child.tag == "field":
                name = child.get("name")
                info = fields_info.get(name)
                if info is None:
                    continue
                field_spec = spec.setdefault(name, {})
                if info["type"] == "many2one":
                    field_spec.setdefault("fields", {"display_name": {}})
                elif info["type"] in ("one2many", "many2many"):
                    comodel = info["relation"]
                    sub_info = models.get(comodel, {})
                    sub_info = sub_info.get("fields", sub_info)
                    views = [c for c in child if c.tag in ("list", "kanban")]
                    context = child.get("context")
                    if context and "load_when_shown" in context:
                        # as the web client evaluates it: a list read when its
                        # tab is opened (static/src/lines_when_shown)
                        field_spec["context"] = ast.literal_eval(context)
                    if views and sub_info:
                        # a list of the lines: the columns it shows
                        sub = field_spec.setdefault("fields", {})
                        walk(views[0], comodel, sub_info, sub)
                        field_spec["limit"] = 40
                    else:  # tags
                        field_spec.setdefault("fields", {"display_name": {}})
                continue
            walk(child, model, fields_info, spec)

    spec = {}
    walk(etree.fromstring(arch), model, fields_info, spec)
    return spec


def setup_card(env, kind):
    """A customer as a salesperson knows it: contacts, an opportunity; with the
    addon also its roles, a warning, consent, a note, opportunity lines."""
    state = setup_customers(env, kind)
    env = env(context=QUIET)
    customer = env["res.partner"].browse(state["customer_ids"][0])
    lead = env["crm.lead"].create(
        {
            "name": "Bench Christmas order",
            "type": "opportunity",
            "partner_id": customer.id,
        }
    )
    if kind == ADDON:
        contact = customer.child_ids[0]
        env["res.partner.note"].create(
            {"partner_id": customer.id, "name": "Prefers dark chocolate"}
        )
        env["crm.lead.product.line"].create(
            {
                "lead_id": lead.id,
                "product_id": state["product_id"],
                "product_uom_qty": 3,
            }
        )
        contact.write({"email": "buyer@example.com", "allow_communication": True})
    state["card_id"] = customer.id
    return state


def run_card(env, state, rep):
    Partner = env["res.partner"]
    views = Partner.get_views([(False, "form")], {"load_filters": False})
    spec = spec_from_arch(
        views["views"]["form"]["arch"], "res.partner", views["models"]
    )
    Partner.browse(state["card_id"]).web_read(spec)


BIG_INVOICES = 100_000


def setup_card_among_invoices(env, kind):
    """The card of setup_card in a database holding 100,000 posted customer
    invoices of other customers (inserted by SQL, without lines: what the card
    could read of them is their header)."""
    state = setup_card(env, kind)
    journal = env["account.journal"].search(
        [("type", "=", "sale"), ("company_id", "=", env.company.id)], limit=1
    )
    others = [cid for cid in state["customer_ids"] if cid != state["card_id"]]
    env.cr.execute(
        "INSERT INTO account_move (journal_id, currency_id, company_id, state,"
        " move_type, auto_post, date, invoice_date, partner_id,"
        " commercial_partner_id, name, create_date, write_date, create_uid,"
        " write_uid)"
        " SELECT %s, %s, %s, 'posted', 'out_invoice', 'no', CURRENT_DATE,"
        " CURRENT_DATE, c.id, c.id, 'BENCH/' || g, now() at time zone 'UTC',"
        " now() at time zone 'UTC', 1, 1"
        " FROM generate_series(1, %s) g"
        " JOIN LATERAL (SELECT (%s::int[])[1 + g %% %s] AS id) c ON TRUE",
        [
            journal.id,
            env.company.currency_id.id,
            env.company.id,
            BIG_INVOICES,
            others,
            len(others),
        ],
    )
    return state


BIG_APPOINTMENTS = 100_000


def setup_card_among_appointments(env, kind):
    """The card of setup_card in a database holding 100,000 appointments of
    20,000 other people (two attendees each; a third made from quotations,
    found by their document), inserted by SQL."""
    state = setup_card(env, kind)
    cr = env.cr
    cr.execute(
        "INSERT INTO res_partner (name, active, type, is_company, autopost_bills,"
        " create_date, write_date, create_uid, write_uid)"
        " SELECT 'Bench attendee ' || g, true, 'contact', false, 'ask',"
        " now() at time zone 'UTC', now() at time zone 'UTC', 1, 1"
        " FROM generate_series(1, 20000) g RETURNING id"
    )
    people = [row[0] for row in cr.fetchall()]
    cr.execute(
        "UPDATE res_partner SET commercial_partner_id = id WHERE id = ANY(%s)",
        [people],
    )
    # the addon makes an appointment's priority required (as a to-do's)
    priority = ("priority,", "'medium',") if kind == ADDON else ("", "")
    cr.execute(
        f"INSERT INTO calendar_event ({priority[0]} name, start, stop, allday,"
        " duration, user_id, active, privacy, show_as, res_model, res_model_id,"
        " res_id, create_date, write_date, create_uid, write_uid)"
        f" SELECT {priority[1]} 'Bench visit ' || g,"
        " (now() at time zone 'UTC') + make_interval(hours => g %% 2000 - 1000),"
        " (now() at time zone 'UTC') + make_interval(hours => g %% 2000 - 999),"
        " false, 1, 1, true, 'public', 'busy',"
        " CASE WHEN g %% 3 = 0 THEN 'sale.order' END,"
        " CASE WHEN g %% 3 = 0 THEN m.id END,"
        " CASE WHEN g %% 3 = 0 THEN g END,"
        " now() at time zone 'UTC', now() at time zone 'UTC', 1, 1"
        " FROM generate_series(1, %s) g"
        " JOIN ir_model m ON m.model = 'sale.order'"
        " RETURNING id",
        [BIG_APPOINTMENTS],
    )
    events = [row[0] for row in cr.fetchall()]
    cr.execute(
        "INSERT INTO calendar_attendee (event_id, partner_id, state,"
        " create_date, write_date, create_uid, write_uid)"
        " SELECT e.event, (%s::int[])[1 + (e.n * 2 + k) %% %s], 'accepted',"
        " now() at time zone 'UTC', now() at time zone 'UTC', 1, 1"
        " FROM unnest(%s::int[]) WITH ORDINALITY AS e(event, n),"
        " generate_series(0, 1) k",
        [people, len(people), events],
    )
    cr.execute(
        "INSERT INTO calendar_event_res_partner_rel (calendar_event_id,"
        " res_partner_id) SELECT event_id, partner_id FROM calendar_attendee"
        " WHERE event_id = ANY(%s)",
        [events],
    )
    return state


BIG_MAILING_CONTACTS = 100_000


def setup_card_among_mailings(env, kind):
    """The card of setup_card in a database holding 100,000 mailing contacts
    and 200,000 traces of emails sent to other contacts, inserted by SQL."""
    state = setup_card(env, kind)
    others = [cid for cid in state["customer_ids"] if cid != state["card_id"]]
    env.cr.execute(
        "INSERT INTO mailing_contact (name, email, email_normalized, create_date,"
        " write_date, create_uid, write_uid)"
        " SELECT 'Bench reader ' || g, 'reader' || g || '@example.com',"
        " 'reader' || g || '@example.com', now() at time zone 'UTC',"
        " now() at time zone 'UTC', 1, 1 FROM generate_series(1, %s) g",
        [BIG_MAILING_CONTACTS],
    )
    env.cr.execute(
        "INSERT INTO mailing_trace (trace_type, model, res_id, email,"
        " trace_status, create_date, write_date, create_uid, write_uid)"
        " SELECT 'mail', 'res.partner', (%s::int[])[1 + g %% %s],"
        " 'reader' || g || '@example.com', 'sent', now() at time zone 'UTC',"
        " now() at time zone 'UTC', 1, 1 FROM generate_series(1, %s) g",
        [others, len(others), 2 * BIG_MAILING_CONTACTS],
    )
    return state


# Consent (issue 19): the box of 3 contacts ticked and unticked, as the load bench's
# consent scenario does (plain Odoo has no consent: the same contacts' email written).
CONSENT_TOGGLES = 60
BIG_CONTACTS = 100_000


def setup_consent_toggles(env, kind, others=0):
    """3 contacts with an email; ``others`` more contacts with emails of their
    own, inserted by SQL."""
    if others:
        env.cr.execute(
            "INSERT INTO res_partner (name, email, email_normalized, active, type,"
            " is_company, autopost_bills, create_date, write_date, create_uid,"
            " write_uid)"
            " SELECT 'Bench reader ' || g, 'reader' || g || '@example.com',"
            " 'reader' || g || '@example.com', true, 'contact', false, 'ask',"
            " now() at time zone 'UTC', now() at time zone 'UTC', 1, 1"
            " FROM generate_series(1, %s) g",
            [others],
        )
        env.cr.execute(
            "UPDATE res_partner SET commercial_partner_id = id"
            " WHERE commercial_partner_id IS NULL"
        )
    partners = (
        env["res.partner"]
        .with_context(**QUIET)
        .create(
            [
                {"name": f"Bench consent {i}", "email": f"bench.consent{i}@example.com"}
                for i in range(3)
            ]
        )
    )
    return {"partner_ids": partners.ids, "kind": kind}


def setup_consent_toggles_among_contacts(env, kind):
    return setup_consent_toggles(env, kind, others=BIG_CONTACTS)


def run_consent_toggles(env, state, rep):
    Partner = env["res.partner"]
    ids = state["partner_ids"]
    for i in range(CONSENT_TOGGLES):
        partner = Partner.browse(ids[i % len(ids)])
        on = (i // len(ids)) % 2 == 0
        if state["kind"] == ADDON:
            partner.write({"allow_communication": on})
        else:
            partner.write({"email": f"bench.consent{partner.id}-{int(on)}@example.com"})
        env.flush_all()


def run_quotation_customer(env, state, rep):
    Order = env["sale.order"]
    views = Order.get_views([(False, "form")])
    arch = views["views"]["form"]["arch"]
    spec = spec_from_arch(arch, "sale.order", views["models"])
    if "defaults" not in state:
        state["defaults"] = Order.onchange({}, [], spec)["value"]
    values = dict(state["defaults"], partner_id=state["card_id"])
    Order.onchange(values, ["partner_id"], spec)


# Dormant prospects (issue 22): the daily review on the whole database, addon alone.
# Companies of 10 contacts; a third of the companies silent for 4 years; a message
# from one company in five, an opportunity for one in seven (recent ones).
DORMANT_COMPANY_SIZE = 10


def _insert_dormant_partners(env, start, count):
    cr = env.cr
    idx = list(range(start, start + count))
    family = [i // DORMANT_COMPANY_SIZE for i in idx]
    cr.execute(
        "INSERT INTO res_partner (name, active, type, is_company, autopost_bills,"
        " create_date, write_date, create_uid, write_uid)"
        " SELECT 'Bench dormant ' || v.idx, true, 'contact', v.idx %% %s = 0, 'ask',"
        " (now() at time zone 'UTC') - make_interval(months => v.age),"
        " now() at time zone 'UTC', 1, 1"
        " FROM unnest(%s::int[], %s::int[]) AS v(idx, age)"
        " ORDER BY v.idx RETURNING id, is_company",
        [DORMANT_COMPANY_SIZE, idx, [(1, 12, 48)[f % 3] for f in family]],
    )
    rows = cr.fetchall()
    company, pairs = None, []
    for pid, is_company in rows:
        company = pid if is_company else company
        pairs.append((pid, company or pid))
    cr.execute(
        "UPDATE res_partner p SET commercial_partner_id = v.cp,"
        " parent_id = CASE WHEN v.cp = p.id THEN NULL ELSE v.cp END,"
        " complete_name = p.name"
        " FROM unnest(%s::int[], %s::int[]) AS v(id, cp) WHERE p.id = v.id",
        [[p for p, _c in pairs], [c for _p, c in pairs]],
    )
    ids = [pid for pid, _is_company in rows]
    writers = [pid for pid, f in zip(ids, family, strict=True) if f % 5 == 0]
    cr.execute(
        "INSERT INTO mail_message (model, res_id, message_type, author_id, date,"
        " create_date, write_date, create_uid, write_uid)"
        " SELECT 'res.partner', id, 'email', id,"
        " (now() at time zone 'UTC') - interval '10 days',"
        " now() at time zone 'UTC', now() at time zone 'UTC', 1, 1"
        " FROM unnest(%s::int[]) AS id",
        [writers[::DORMANT_COMPANY_SIZE]],
    )
    inquirers = [pid for pid, f in zip(ids, family, strict=True) if f % 7 == 0]
    env["crm.lead"].with_context(**QUIET).create(
        [
            {"name": f"Bench lead {pid}", "partner_id": pid}
            for pid in inquirers[::DORMANT_COMPANY_SIZE]
        ]
    )
    cr.commit()
    cr.execute("ANALYZE res_partner")
    cr.commit()


def setup_dormant_1k(env, kind):
    _insert_dormant_partners(env, 0, 1_000)
    return {}


def setup_dormant_10k(env, kind):
    _insert_dormant_partners(env, 1_000, 9_000)
    return {}


def run_dormant(env, state, rep):
    env["res.partner"]._cron_review_dormant()
    if rep == -1:  # the warm-up checks the job did mark someone
        dormant = env["res.partner"].search_count([("is_dormant", "=", True)])
        if not dormant:
            raise AssertionError("the dormant review marked nobody")


WORKLOADS = [
    Workload(
        "create 1,000 contacts under 100 companies",
        setup_contacts,
        make_run_contacts(100, 1_000),
        repeat=5,
        records=1_000,
    ),
    Workload(
        "create 10,000 contacts under 1,000 companies",
        setup_contacts,
        make_run_contacts(1_000, 10_000),
        # Five: one run of this size moves by 10 % on this machine.
        repeat=5,
        records=10_000,
        target=1.15,
        note="res.partner.create of the companies, then of their contacts in one "
        "batch, as an import does; with the addon every contact holds a role "
        "(role_line_ids), ranked within its company",
    ),
    Workload(
        "UTM write on 1,000 opportunities",
        setup_utm,
        make_run_utm(1_000),
        repeat=7,
        records=1_000,
    ),
    Workload(
        "UTM write on 10,000 opportunities",
        setup_utm,
        make_run_utm(10_000),
        repeat=7,
        records=10_000,
        target=1.20,
        note="crm.lead.write({'campaign_id'}) on 10,000 opportunities of 2,000 "
        "partners; the addon also syncs the partners",
    ),
    Workload(
        "open a contact card",
        setup_card,
        run_card,
        repeat=5,
        max_extra_queries=3,
        note="get_views of the contact form, then web_read of the fields it shows "
        "(specification built from the arch as the web client does) for a customer "
        "with contacts and an opportunity; with the addon also roles, a warning, "
        "consent, a note and opportunity lines",
    ),
    Workload(
        "open a contact card among 100,000 invoices",
        setup_card_among_invoices,
        run_card,
        repeat=5,
        max_extra_queries=3,
        note="the same card in a database holding 100,000 posted invoices of "
        "other customers: the card reads its own documents, not all of them",
    ),
    Workload(
        "open a contact card among 100,000 appointments",
        setup_card_among_appointments,
        run_card,
        repeat=5,
        max_extra_queries=3,
        note="the same card in a database holding 100,000 appointments of 20,000 "
        "other people, a third of them made from quotations: the card finds its "
        "own appointments by index, not by reading all of them",
    ),
    Workload(
        "open a contact card among 100,000 mailing contacts",
        setup_card_among_mailings,
        run_card,
        repeat=5,
        max_extra_queries=3,
        note="the same card in a database holding 100,000 mailing contacts and "
        "200,000 traces of emails sent to other contacts: the card's mailing "
        "buttons find their own by index",
    ),
    Workload(
        "toggle consent 60 times",
        setup_consent_toggles,
        run_consent_toggles,
        repeat=5,
        records=CONSENT_TOGGLES,
        note="the consent box of 3 contacts ticked and unticked (plain: their "
        "email written), one write at a time",
    ),
    Workload(
        "toggle consent 60 times among 100,000 contacts",
        setup_consent_toggles_among_contacts,
        run_consent_toggles,
        repeat=5,
        records=CONSENT_TOGGLES,
        note="the same among 100,000 other contacts with an email: the contacts "
        "of an address are found by index",
    ),
    Workload(
        "choose a customer on a quotation",
        setup_card,
        run_quotation_customer,
        repeat=5,
        max_extra_queries=3,
        note="sale.order.onchange of partner_id on a new quotation, with the form's "
        "specification; the addon fills the rank-1 contact and checks warnings",
    ),
    Workload(
        "create + confirm 1,000 quotations",
        setup_customers,
        make_run_quotations(1_000),
        repeat=3,
        records=1_000,
    ),
    Workload(
        "create + confirm 2,000 quotations",
        setup_customers,
        make_run_quotations(2_000),
        repeat=5,
        records=2_000,
        target=1.10,
        note="sale.order.create of 2,000 quotations of one line for 200 customers "
        "in one batch, then action_confirm; with the addon each gets its customer's "
        "rank-1 contact and one customer in ten is under a non-blocking warning",
    ),
    Workload(
        "create + post 1,000 invoices",
        setup_customers,
        make_run_invoices(1_000),
        repeat=3,
        records=1_000,
    ),
    Workload(
        "create + post 2,000 invoices",
        setup_customers,
        make_run_invoices(2_000),
        repeat=3,
        records=2_000,
        target=1.10,
        note="account.move.create of 2,000 customer invoices of one line in one "
        "batch, then action_post; same customers as the quotations",
    ),
    Workload(
        "nearby contacts, 10,000 geolocated",
        setup_nearby_10k,
        run_nearby,
        repeat=5,
        note="addon: search_nearby (indexed box + SQL haversine); plain: "
        "search_read of all positions + Python haversine",
    ),
    Workload(
        "nearby contacts, 100,000 geolocated",
        setup_nearby_100k,
        run_nearby,
        repeat=3,
    ),
    Workload(
        "dormant review, 1,000 contacts",
        setup_dormant_1k,
        run_dormant,
        repeat=5,
        kinds=(ADDON,),
        records=1_000,
    ),
    Workload(
        "dormant review, 10,000 contacts",
        setup_dormant_10k,
        run_dormant,
        repeat=5,
        kinds=(ADDON,),
        records=10_000,
        note="the daily job 'Contacts: review dormant prospects' (addon alone: "
        "plain Odoo has none) on 10,000 more contacts in companies of 10, a third "
        "of the companies silent for 4 years, some with a recent message or "
        "opportunity; one statement for all (anonymising off, the default)",
    ),
]

# The addon's cost per record must not grow with the batch (1.5: the noise of a
# shared machine; a per-record query would show as 10×).
GROWTH = 1.5
CHECKS = [
    # The card's cost must not grow with the database's documents: 1.2, not
    # GROWTH, as plain Odoo's own card grows too (×2 at 100,000 invoices); the
    # count of activities reading every invoice showed as 1.31.
    Check(
        "card, among 100,000 invoices / among few",
        "open a contact card among 100,000 invoices",
        "open a contact card",
        1.2,
    ),
    # Odoo indexes neither an attendee's contact nor an appointment's document:
    # the count of activities read all 100,000 appointments (2.2 before).
    Check(
        "card, among 100,000 appointments / among few",
        "open a contact card among 100,000 appointments",
        "open a contact card",
        1.2,
    ),
    Check(
        "card, among 100,000 mailing contacts / among few",
        "open a contact card among 100,000 mailing contacts",
        "open a contact card",
        1.2,
    ),
    Check(
        "consent, among 100,000 contacts / among few",
        "toggle consent 60 times among 100,000 contacts",
        "toggle consent 60 times",
        1.2,
    ),
    Check(
        "contacts, 10,000 / 1,000",
        "create 10,000 contacts under 1,000 companies",
        "create 1,000 contacts under 100 companies",
        GROWTH,
    ),
    Check(
        "quotations, 2,000 / 1,000",
        "create + confirm 2,000 quotations",
        "create + confirm 1,000 quotations",
        GROWTH,
    ),
    Check(
        "invoices, 2,000 / 1,000",
        "create + post 2,000 invoices",
        "create + post 1,000 invoices",
        GROWTH,
    ),
    Check(
        "UTM write, 10,000 / 1,000",
        "UTM write on 10,000 opportunities",
        "UTM write on 1,000 opportunities",
        GROWTH,
    ),
    Check(
        "dormant review time per contact, 10,000 / 1,000",
        "dormant review, 10,000 contacts",
        "dormant review, 1,000 contacts",
        GROWTH,
        kind=ADDON,
    ),
    Check(
        "search_nearby time, 100,000 / 10,000 contacts",
        "nearby contacts, 100,000 geolocated",
        "nearby contacts, 10,000 geolocated",
        2.0,
        kind=ADDON,
    ),
]


# --- Runner ---------------------------------------------------------------------


def open_env(db):
    import odoo
    from odoo.modules.registry import Registry

    registry = Registry(db)
    cr = registry.cursor()
    env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
    return env(user=env.ref("base.user_admin").id)


def settle(db, analyze=True):
    """VACUUM ANALYZE the database, so that autovacuum does not wake up in the
    middle of a measure after a set-up's inserts (a noise of 10-20 % seen)."""
    import psycopg2

    from odoo.sql_db import connection_info_for

    __, info = connection_info_for(db)
    connection = psycopg2.connect(**info)
    try:
        connection.autocommit = True
        with connection.cursor() as cr:
            cr.execute("VACUUM (ANALYZE)" if analyze else "VACUUM")
    finally:
        connection.close()


def measure(env, workload, state, rep, result):
    env.invalidate_all()
    env.cr.commit()
    # PostgreSQL keeps, per connection, the plan of each foreign-key check from
    # its first use, and nothing in a run invalidates it: kept, the plans made
    # in the warm-up or an earlier run, on tables then small, would scan whole
    # tables in the next runs (quadratic in a batch), in one database more than
    # the other depending on which checks ran first. Each run starts afresh, as
    # on a new connection.
    env.cr.execute("DISCARD PLANS")
    count = env.cr.sql_log_count
    start = time.perf_counter()
    workload.run(env, state, rep)
    env.flush_all()
    result.times.append(time.perf_counter() - start)
    result.queries = env.cr.sql_log_count - count
    # Every run starts from the database its set-up left: kept, the rows of the
    # earlier runs (some 50,000 contacts after the contacts workloads) would make
    # each run, and each later workload, measure a bigger database than the last.
    # Rolled back, they leave dead rows for the next run's index scans to step
    # over, at whatever pace autovacuum removes them: vacuumed before it.
    env.cr.rollback()
    env.invalidate_all()
    settle(env.cr.dbname, analyze=False)


def machine():
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        pg = subprocess.run(
            ["psql", "-d", "postgres", "-tAc", "show server_version"],
            capture_output=True,
            text=True,
            check=False,
        ).stdout.strip()
    except OSError:
        pg = "?"
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    return (
        f"{cpu}, {os.cpu_count()} cores, {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}, PostgreSQL {pg}, load average {load}"
    )


def fmt_table(header, rows):
    lines = [
        "| " + " | ".join(header) + " |",
        "|" + "---|" * len(header),
    ]
    for row in rows:
        lines.append("| " + " | ".join(row) + " |")
    return "\n".join(lines)


def per_record_ms(workload, result):
    if not result or not workload.records:
        return "-"
    return f"{1000 * result.median / workload.records:.2f}"


def pair_ratio(results, name):
    """addon/plain of a workload: the median of the ratios of runs made side by
    side, so that a slow drift of the machine hits both runs of a pair alike."""
    plain, addon = results.get((name, PLAIN)), results.get((name, ADDON))
    if not (plain and addon):
        return None
    return statistics.median(
        a / p for a, p in zip(addon.times, plain.times, strict=True)
    )


def growth(results, by_name, check, kind):
    """Median time per record of ``kind`` in the check's num over its den."""
    num, den = results.get((check.num, kind)), results.get((check.den, kind))
    if not (num and den):
        return None
    return (num.median / (by_name[check.num].records or 1)) / (
        den.median / (by_name[check.den].records or 1)
    )


def workload_rows(workloads, results):
    """Table rows, and whether every target is met."""
    rows, all_ok = [], True
    for workload in workloads:
        plain = results.get((workload.name, PLAIN))
        addon = results.get((workload.name, ADDON))
        ratio = pair_ratio(results, workload.name)
        verdicts = []
        if workload.target:
            ok = ratio is not None and ratio <= workload.target
            all_ok &= ok
            verdicts.append(f"≤ {workload.target:.2f}× {'✓' if ok else '✗'}")
        if workload.max_extra_queries is not None:
            extra = addon.queries - plain.queries
            ok = extra <= workload.max_extra_queries
            all_ok &= ok
            verdicts.append(
                f"{extra:+d} queries (≤ +{workload.max_extra_queries}) "
                f"{'✓' if ok else '✗'}"
            )
        rows.append(
            [
                workload.name,
                f"{workload.records:,}" if workload.records else "-",
                f"{plain.median:.3f}" if plain else "-",
                f"{addon.median:.3f}" if addon else "-",
                per_record_ms(workload, plain),
                per_record_ms(workload, addon),
                f"{ratio:.2f}" if ratio is not None else "-",
                "; ".join(verdicts),
                str(plain.queries) if plain else "-",
                str(addon.queries) if addon else "-",
            ]
        )
    return rows, all_ok


TABLE_HEADER = [
    "workload",
    "records",
    "plain (s)",
    "addon (s)",
    "plain ms/record",
    "addon ms/record",
    "addon/plain",
    "target",
    "queries plain",
    "queries addon",
]


def check_lines(checks, results, by_name):
    lines, all_ok = [], True
    for check in checks:
        if check.kind:
            value = growth(results, by_name, check, check.kind)
            detail = ""
        else:
            num = pair_ratio(results, check.num)
            den = pair_ratio(results, check.den)
            value = num / den if num and den else None
            plain = growth(results, by_name, check, PLAIN)
            addon = growth(results, by_name, check, ADDON)
            detail = (
                f"; addon/plain {num:.2f} against {den:.2f}; time per record "
                f"×{addon:.2f} with the addon, ×{plain:.2f} without"
                if value
                else ""
            )
        if value is None:
            continue
        ok = value <= check.max_ratio
        all_ok &= ok
        lines.append(
            f"- {check.name}: {value:.2f} (target ≤ {check.max_ratio:.2f}) "
            f"{'✓' if ok else '✗'}{detail}"
        )
    return lines, all_ok


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--config", required=True)
    parser.add_argument("--addon-db", required=True)
    parser.add_argument("--plain-db", required=True)
    parser.add_argument("--repeat", type=int, default=None)
    parser.add_argument(
        "--only",
        action="append",
        default=[],
        help="run only the workloads whose name contains this text (repeatable); "
        "the report then goes to stdout only",
    )
    parser.add_argument("--output", default=str(Path(__file__).with_name("results.md")))
    args = parser.parse_args(argv)

    from odoo.tools import config

    config.parse_config(["-c", args.config, "--log-level=warn"])
    envs = {PLAIN: open_env(args.plain_db), ADDON: open_env(args.addon_db)}
    workloads = [
        w for w in WORKLOADS if not args.only or any(o in w.name for o in args.only)
    ]
    results = {}
    started = time.perf_counter()
    for workload in workloads:
        states = {}
        for kind in workload.kinds:
            t0 = time.perf_counter()
            states[kind] = workload.setup(envs[kind], kind)
            envs[kind].cr.commit()
            print(
                f"[bench] {workload.name}: {kind} data ready "
                f"({time.perf_counter() - t0:.0f} s)",
                file=sys.stderr,
            )
        for kind in workload.kinds:
            settle(envs[kind].cr.dbname)
        repeat = args.repeat or workload.repeat
        for kind in workload.kinds:
            results[workload.name, kind] = Result()
        # one warm-up run each (caches, first compilation), not counted
        for kind in workload.kinds:
            measure(envs[kind], workload, states[kind], -1, Result())
        for rep in range(repeat):
            order = workload.kinds if rep % 2 == 0 else workload.kinds[::-1]
            for kind in order:
                measure(
                    envs[kind],
                    workload,
                    states[kind],
                    rep,
                    results[workload.name, kind],
                )
        print(
            f"[bench] {workload.name}: measured "
            f"({time.perf_counter() - started:.0f} s in all)",
            file=sys.stderr,
        )

    rows, rows_ok = workload_rows(workloads, results)
    checks, checks_ok = check_lines(CHECKS, results, {w.name: w for w in WORKLOADS})
    table = fmt_table(TABLE_HEADER, rows)
    print(table)
    print("\n".join(checks))
    runs = args.repeat or "each workload's"
    now = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    notes = "\n".join(f"- {w.name}: {w.note}" for w in workloads if w.note)
    report = (
        "# Benchmarks: crm_contacts_ext vs plain Odoo 18\n\n"
        f"Run on {now} — {machine()}.\n\n"
        f"Median of {runs} runs after one warm-up, "
        "the two databases alternating (each VACUUM ANALYZEd after its set-up, "
        "each run started on fresh query plans (DISCARD PLANS), rolled back and the "
        "database vacuumed after it is measured); "
        "wall time of the operation including its flush; addon/plain is the median "
        "of the ratios of the runs made side by side; SQL queries of one run "
        "(the last).\n\n"
        f"{table}\n\n"
        "Targets between workloads. The addon's cost per record must not grow "
        "with the batch: addon/plain at the larger size over addon/plain at the "
        "smaller (plain Odoo's own growth set aside; both ratios from runs made "
        "side by side). search_nearby: the addon's time, which must grow less "
        f"than the number of contacts.\n{chr(10).join(checks)}\n\n"
        f"Workloads:\n{notes}\n\n"
        f"Total bench time: {time.perf_counter() - started:.0f} s "
        "(data set-up included). Reproduce with `make bench`.\n"
    )
    if not args.only:
        Path(args.output).write_text(report)
        print(f"[bench] written to {args.output}", file=sys.stderr)
    for env in envs.values():
        env.cr.close()
    if not (rows_ok and checks_ok):
        print("[bench] a target is missed (✗ above)", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
