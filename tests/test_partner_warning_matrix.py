"""Blocking warnings (issue 4): the rest of the test matrix.

tests/test_partner_warning.py covers every kind of document for a blocking warning
on create, write, copy, form, confirm / post and the generated documents, and the
non-blocking / expired / future / inactive warnings on create and copy. This file
fills the other cells: each operation of each kind of document against

- ``company``: a blocking warning on the company, the document being for one of
  its contacts: refused, with a message naming that contact, nothing written;
- ``non_blocking``, ``expired``, ``future``, ``inactive``: warnings that must not
  block (the last three are blocking warnings out of force): the operation goes
  through, and only the non-blocking message shows on the document.

The override is run on every operation after creation (a member of the group
goes through with a reason, posted on the document; the salesperson and the
accountant are refused with the same reason), and in the invoice form by the
accountant. The query cost of the check is pinned for invoices, opportunities
and events.
"""

from datetime import timedelta

from odoo import fields
from odoo.exceptions import UserError
from odoo.fields import Command
from odoo.tests import Form, tagged

from .test_partner_warning import KIND_FLAG, KIND_USER, OVERRIDE_GROUP
from .test_partner_warning import PartnerWarningCase as _PartnerWarningCase

BLOCK = "Mauvais payeur"
NOTICE = "Toujours payer d'avance"
REASON = "Acompte de 50 % reçu"
SCENARIOS = ("company", "non_blocking", "expired", "future", "inactive")
# Field holding the partner of each kind of document.
KIND_FIELD = {
    "sale": "partner_id",
    "invoice": "partner_id",
    "lead": "partner_id",
    "event": "partner_ids",
}


class MatrixCase(_PartnerWarningCase):
    def _as(self, kind_or_login):
        login = KIND_USER.get(kind_or_login, kind_or_login)
        user = self.accountant if login == "crm_ext_accountant" else self.salesman
        self.env = self.env(user=user)
        return self.env

    def _partners(self, scenario, kind):
        """A fresh company and contact per cell, so that no warning leaks."""
        Partner = self.env["res.partner"].sudo()
        company = Partner.create(
            {"name": f"Mauvais Payeur ({kind}, {scenario})", "is_company": True}
        )
        contact = Partner.create(
            {"name": "Marc Retard", "parent_id": company.id, "type": "contact"}
        )
        # The blocking warning is inherited by the contact; the others are
        # tested on the partner that carries them.
        target = contact if scenario == "company" else company
        return company, target

    def _warn_scenario(self, scenario, company):
        today = fields.Date.context_today(self.env["res.partner"])
        values = {
            "company": {},
            "non_blocking": {"message": NOTICE, "blocking": False},
            "expired": {"date_end": today - timedelta(days=1)},
            "future": {"date_start": today + timedelta(days=1)},
            "inactive": {"active": False},
        }[scenario]
        return self._warn(company, **({"message": BLOCK} | values))

    def _count(self, kind, partner):
        """How many documents of ``kind`` the database holds for ``partner``."""
        self.env.invalidate_all()
        return (
            self.env[self._model(kind)]
            .sudo()
            .with_context(active_test=False)
            .search_count([(KIND_FIELD[kind], "in", partner.ids)])
        )

    @staticmethod
    def _then(func, record):
        func()
        return record

    def _assert_outcome(self, scenario, target, func, observe):
        """Run ``func``: refused for ``company``, through for the other scenarios.

        ``observe()`` returns what the user would see changed in the database; on a
        refusal it must be the same afterwards (nothing of the batch written).
        :return: the records ``func`` returned when it went through
        """
        if scenario == "company":
            before = observe()
            with self.assertRaises(UserError) as caught:
                func()
            message = str(caught.exception)
            self.assertIn(BLOCK, message)
            self.assertIn(target.name, message)
            self.env.invalidate_all()
            self.assertEqual(observe(), before, "nothing written")
            return None
        records = func()
        self.assertTrue(records)
        for record in records:
            banner = record.partner_warning_banner or ""
            self.assertNotIn(BLOCK, banner)
            self.assertFalse(record.partner_warning_blocking)
            if scenario == "non_blocking":
                self.assertIn(NOTICE, banner)
            else:
                self.assertFalse(banner)
        return records


class GeneratedCase(MatrixCase):
    """Operations prepared before the warning, run after it.

    Each preparing method below makes, as the user of the document, what the
    operation starts from, and returns (generate, observe): ``generate()``
    runs the operation and returns the records it made or changed; ``observe()``
    returns what a refusal must leave unchanged.
    """

    def _write_partner(self, kind):
        def prepare(target):
            self._as(kind)
            record = self._create(kind, self.clean)
            field = KIND_FIELD[kind]
            value = [Command.link(target.id)] if kind == "event" else target.id
            return (
                lambda: self._then(lambda: record.write({field: value}), record),
                lambda: self._count(kind, target),
            )

        prepare.__name__ = f"_write_partner_{kind}"
        return prepare

    def _copy(self, kind):
        def prepare(target):
            self._as(kind)
            record = self._create(kind, target)
            return record.copy, lambda: self._count(kind, target)

        prepare.__name__ = f"_copy_{kind}"
        return prepare

    def _confirm_quotation(self, target):
        self._as("sale")
        order = self._create("sale", target)
        return (
            lambda: self._then(order.action_confirm, order),
            (lambda: order.sudo().state),
        )

    def _post_invoice(self, target, move_type="out_invoice"):
        self._as("invoice")
        move = self.env["account.move"].create(self._invoice_vals(target, move_type))
        return (
            lambda: self._then(move.action_post, move),
            (lambda: move.sudo().state),
        )

    def _post_credit_note(self, target):
        return self._post_invoice(target, "out_refund")

    def _quotation_from_opportunity(self, target):
        self._as("crm_ext_salesman")
        lead = self._create("lead", target)

        def generate():
            context = lead._prepare_opportunity_quotation_context()
            return self.env["sale.order"].with_context(**context).create({})

        return generate, lambda: len(lead.sudo().order_ids)

    def _invoice_from_order(self, target):
        self._as("crm_ext_salesman")
        order = self._create("sale", target)
        order.action_confirm()
        self._as("crm_ext_accountant")
        order = order.with_env(self.env)
        return order._create_invoices, lambda: len(order.sudo().invoice_ids)

    def _credit_note_wizard(self, target, modify=False):
        """Invoicing > Customers > Invoices > Credit Note (account.move.reversal)."""
        self._as("crm_ext_accountant")
        invoice = self._create("invoice", target)
        invoice.action_post()

        def generate():
            wizard = (
                self.env["account.move.reversal"]
                .with_context(active_model="account.move", active_ids=invoice.ids)
                .create(
                    {
                        "reason": "Ballotins abîmés",
                        "journal_id": invoice.journal_id.id,
                    }
                )
            )
            action = wizard.modify_moves() if modify else wizard.refund_moves()
            return self.env["account.move"].browse(action["res_id"])

        def observe():
            self.env.invalidate_all()
            return (
                self.env["account.move"]
                .sudo()
                .search_count([("reversed_entry_id", "=", invoice.id)]),
                self._count("invoice", target),
                invoice.sudo().payment_state,
            )

        return generate, observe

    def _credit_note_and_new_draft(self, target):
        return self._credit_note_wizard(target, modify=True)

    def _lead_from_incoming_email(self, target):
        self._as("crm_ext_salesman")

        def generate():
            # Odoo's mail gateway: a new opportunity from the sender.
            return self.env["crm.lead"].message_new(
                {
                    "subject": "Commande de Noël",
                    "from": "marc@retard.example.com",
                    "author_id": target.id,
                    "body": "Bonjour",
                }
            )

        return generate, lambda: self._count("lead", target)

    def _recurring_event_occurrences(self, target):
        self._as("crm_ext_salesman")
        event = self._create(
            "event",
            target,
            recurrency=True,
            rrule_type="daily",
            end_type="count",
            count=2,
        )

        def generate():
            event.write({"recurrence_update": "all_events", "count": 4})
            return event.recurrence_id.calendar_event_ids

        def observe():
            return len(event.sudo().recurrence_id.calendar_event_ids)

        return generate, observe

    def _meeting_from_opportunity(self, target):
        """The opportunity's "Meeting" button: its customer is an attendee."""
        self._as("crm_ext_salesman")
        lead = self._create("lead", target)

        def generate():
            context = lead.action_schedule_meeting(smart_calendar=False)["context"]
            start = fields.Datetime.now().replace(microsecond=0) + timedelta(days=3)
            return (
                self.env["calendar.event"]
                .with_context(**context)
                .create({"start": start, "stop": start + timedelta(hours=1)})
            )

        def observe():
            self.env.invalidate_all()
            return (
                self.env["calendar.event"]
                .sudo()
                .search_count([("opportunity_id", "=", lead.id)])
            )

        return generate, observe

    def _run(self, prepare, scenario):
        """Prepare, warn as ``scenario`` says, run: refused or through."""
        company, target = self._partners(scenario, prepare.__name__)
        generate, observe = prepare(target)
        self._warn_scenario(scenario, company)
        return target, self._assert_outcome(scenario, target, generate, observe)

    def _generators(self):
        return (
            self._quotation_from_opportunity,
            self._invoice_from_order,
            self._credit_note_wizard,
            self._credit_note_and_new_draft,
            self._recurring_event_occurrences,
            self._meeting_from_opportunity,
        )


@tagged("standard", "post_install", "-at_install")
class TestPartnerWarningMatrixOrm(GeneratedCase):
    """RPC write of the partner, copy, confirm / post after the warning, import."""

    def test_rpc_write_partner(self):
        for kind in KIND_FLAG:
            for scenario in SCENARIOS:
                with self.subTest(kind=kind, scenario=scenario):
                    target, record = self._run(self._write_partner(kind), scenario)
                    if record:
                        self.assertIn(target, record[KIND_FIELD[kind]])

    def test_copy_refused_by_company_warning(self):
        """The other scenarios are copied in test_partner_warning.py."""
        for kind in KIND_FLAG:
            with self.subTest(kind=kind):
                self._run(self._copy(kind), "company")

    def test_confirm_and_post_after_warning(self):
        """Quotations are confirmed, invoices and credit notes posted."""
        cases = (
            (self._confirm_quotation, "sale"),
            (self._post_invoice, "posted"),
            (self._post_credit_note, "posted"),
        )
        for prepare, done in cases:
            for scenario in SCENARIOS:
                with self.subTest(operation=prepare.__name__, scenario=scenario):
                    __, record = self._run(prepare, scenario)
                    if record:
                        self.assertEqual(record.state, done)

    def test_csv_import(self):
        """Import a file whose second row is for the warned partner (quotations:
        test_partner_warning.py): a refusal fails the whole file."""
        start = fields.Datetime.now().replace(microsecond=0) + timedelta(days=2)
        stop = fields.Datetime.to_string(start + timedelta(hours=1))
        start = fields.Datetime.to_string(start)
        imports = {
            "invoice": (
                ["move_type", "partner_id/.id"],
                lambda partner: ["out_invoice", str(partner.id)],
            ),
            "lead": (
                ["name", "type", "partner_id/.id"],
                lambda partner: ["Ballotins", "opportunity", str(partner.id)],
            ),
            "event": (
                ["name", "start", "stop", "partner_ids/.id"],
                lambda partner: ["Dégustation", start, stop, str(partner.id)],
            ),
        }
        for kind, (header, row) in imports.items():
            for scenario in SCENARIOS:
                with self.subTest(kind=kind, scenario=scenario):
                    company, target = self._partners(scenario, kind)
                    self._warn_scenario(scenario, company)
                    self._as(kind)
                    before = self._count(kind, self.clean | target)
                    result = self.env[self._model(kind)].load(
                        header, [row(self.clean), row(target)]
                    )
                    if scenario == "company":
                        self.assertFalse(result["ids"])
                        message = result["messages"][0]["message"]
                        self.assertIn(BLOCK, message)
                        self.assertIn(target.name, message)
                        self.assertEqual(self._count(kind, self.clean | target), before)
                    else:
                        self.assertEqual(len(result["ids"]), 2, result["messages"])
                        self.assertEqual(
                            self._count(kind, self.clean | target), before + 2
                        )


@tagged("standard", "post_install", "-at_install")
class TestPartnerWarningMatrixGenerated(GeneratedCase):
    """Documents Odoo generates from another one, made before the warning."""

    def test_generated_documents(self):
        for prepare in self._generators():
            for scenario in SCENARIOS:
                with self.subTest(generated=prepare.__name__, scenario=scenario):
                    self._run(prepare, scenario)

    def test_lead_from_incoming_email_is_kept_without_the_blocked_contact(self):
        """The mail gateway is the exception: the email of a blocked contact is not
        refused (Odoo's fetcher would lose it) but makes a lead without them."""
        for scenario in SCENARIOS:
            with self.subTest(scenario=scenario):
                company, target = self._partners(scenario, "lead_from_email")
                generate, observe = self._lead_from_incoming_email(target)
                self._warn_scenario(scenario, company)
                lead = generate()
                self.assertTrue(lead)
                if scenario == "company":
                    self.assertFalse(lead.partner_id)
                    self.assertFalse(observe(), "no lead for the blocked contact")
                else:
                    self.assertEqual(lead.partner_id, target)


@tagged("standard", "post_install", "-at_install")
class TestPartnerWarningMatrixOverride(GeneratedCase):
    """The override by RPC (context key) on every operation after creation:
    re-assigning the partner, confirm / post, the generated documents. The
    reason goes with the context, as it does for scripts and RPC callers."""

    member = True

    def _as(self, kind_or_login):
        env = super()._as(kind_or_login)
        if self.member:
            env = env(user=self.overrider)
        self.env = env(context=dict(env.context, warning_override_reason=REASON))
        return self.env

    def _operations(self):
        return (
            *(self._write_partner(kind) for kind in KIND_FLAG),
            self._confirm_quotation,
            self._post_invoice,
            self._post_credit_note,
            *self._generators(),
            self._lead_from_incoming_email,
        )

    def test_group_member_goes_through_with_reason(self):
        for prepare in self._operations():
            with self.subTest(operation=prepare.__name__):
                company, target = self._partners("company", prepare.__name__)
                generate, __ = prepare(target)
                self._warn_scenario("company", company)
                records = generate()
                self.assertTrue(records)
                bodies = records.sudo().message_ids.mapped("body")
                self.assertTrue(
                    any(
                        REASON in body
                        and BLOCK in body
                        and self.overrider.name in body
                        and target.name in body
                        for body in bodies
                    ),
                    bodies,
                )

    def test_reason_ignored_outside_the_group(self):
        """The salesperson and the accountant are refused, reason or not."""
        self.member = False
        for prepare in self._operations():
            with self.subTest(operation=prepare.__name__):
                company, target = self._partners("company", prepare.__name__)
                generate, observe = prepare(target)
                self._warn_scenario("company", company)
                self._assert_outcome("company", target, generate, observe)
                self.assertEqual(
                    self.env.context.get("warning_override_reason"), REASON
                )


@tagged("standard", "post_install", "-at_install")
class TestPartnerWarningMatrixForm(MatrixCase):
    """Warnings out of force stay silent in the form; the invoice override."""

    def _form(self, kind):
        model = self.env[self._model(kind)]
        if kind == "invoice":
            return Form(model.with_context(default_move_type="out_invoice"))
        if kind == "lead":
            return Form(model.with_context(default_type="opportunity"))
        return Form(model)

    def test_form_warning_out_of_force_is_silent(self):
        for kind in KIND_FLAG:
            for scenario in ("expired", "future", "inactive"):
                with self.subTest(kind=kind, scenario=scenario):
                    self._as(kind)
                    company, target = self._partners(scenario, kind)
                    self._warn_scenario(scenario, company)
                    form = self._form(kind)
                    if kind in ("lead", "event"):
                        form.name = "Dégustation"
                    with self.assertNoLogs("odoo.tests.form.onchange", "WARNING"):
                        if kind == "event":
                            form.partner_ids.add(target)
                        else:
                            form.partner_id = target
                    self.assertFalse(form.partner_warning_banner)
                    record = form.save()
                    self.assertIn(target, record[KIND_FIELD[kind]])

    def test_form_invoice_override_by_accountant_in_group(self):
        self.accountant.sudo().groups_id = [
            Command.link(self.env.ref(OVERRIDE_GROUP).id)
        ]
        self._as("crm_ext_accountant")
        company, target = self._partners("company", "invoice")
        self._warn_scenario("company", company)
        form = self._form("invoice")
        with self.assertLogs("odoo.tests.form.onchange", "WARNING") as logs:
            form.partner_id = target
        self.assertIn(BLOCK, logs.output[0])
        self.assertIn("override reason", logs.output[0])
        self.assertEqual(form.partner_id, target, "the group member keeps the choice")
        self.assertTrue(form.partner_warning_blocking)
        with form.invoice_line_ids.new() as line:
            line.product_id = self.product
        # No reason, no save.
        with self.assertRaises(UserError):
            form.save()
        form.warning_override_reason = REASON
        invoice = form.save()
        self.assertEqual(invoice.partner_id, target)
        body = invoice.message_ids[0].body
        self.assertIn(REASON, body)
        self.assertIn(BLOCK, body)
        self.assertIn(self.accountant.name, body)
        # The reason given on the invoice holds for posting it too.
        invoice.action_post()
        self.assertEqual(invoice.state, "posted")

    def test_form_invoice_override_refused_outside_group(self):
        self._as("crm_ext_accountant")
        company, target = self._partners("company", "invoice")
        # A draft made before the warning, opened again in the form.
        draft = self._create("invoice", target)
        self._warn_scenario("company", company)
        form = Form(draft)
        self.assertTrue(form.partner_warning_blocking)
        self.assertIn(BLOCK, form.partner_warning_banner)
        self.assertNotIn(
            "warning_override_reason",
            form._view["fields"],
            "no reason can be given outside the group",
        )
        form.ref = "BC-2026-001"
        draft = form.save()
        with self.assertRaises(UserError) as caught:
            draft.action_post()
        self.assertIn(target.name, str(caught.exception))
        self.assertEqual(draft.state, "draft")
        # A new invoice: the blocked contact is emptied, so it is not invoiced.
        form = self._form("invoice")
        with self.assertLogs("odoo.tests.form.onchange", "WARNING") as logs:
            form.partner_id = target
        self.assertIn("emptied", logs.output[0])
        self.assertFalse(form.partner_id)
        self.assertEqual(self._count("invoice", target), 1)


@tagged("standard", "post_install", "-at_install")
class TestPartnerWarningMatrixQueries(MatrixCase):
    """The check costs no query per document: one for the whole batch, which is
    also run for an unwarned partner (sale.order: test_partner_warning.py)."""

    BATCH = 5

    def _create_batch(self, kind, partner):
        if kind == "invoice":
            vals = self._invoice_vals(partner)
        elif kind == "lead":
            vals = self._lead_vals(partner)
        else:
            vals = self._event_vals(partner)
        return self.env[self._model(kind)].create([dict(vals)] * self.BATCH)

    def test_batch_costs_no_query_per_document(self):
        for kind in ("invoice", "lead", "event"):
            with self.subTest(kind=kind):
                self._as(kind)
                # Same shape as self.clean (a company without contacts), but warned.
                warned = (
                    self.env["res.partner"]
                    .sudo()
                    .create({"name": f"Client Averti {kind}", "is_company": True})
                )
                self._warn(warned, message="Livrer le matin", blocking=False)
                # Warm the caches (ir.rule, sequences, fiscal positions...).
                self._create_batch(kind, self.clean)
                self._create_batch(kind, warned)

                self.env.invalidate_all()
                self.env.flush_all()
                self.env.cr.flush()
                queries_before = self.env.cr.sql_log_count
                self._create_batch(kind, self.clean)
                self.env.flush_all()
                self.env.cr.flush()
                unwarned = self.env.cr.sql_log_count - queries_before

                self.env.invalidate_all()
                with self.assertQueryCount(unwarned):
                    records = self._create_batch(kind, warned)
                self.assertEqual(len(records), self.BATCH)
                self.assertTrue(
                    all(
                        "Livrer le matin" in b
                        for b in records.mapped("partner_warning_banner")
                    )
                )
                # The check itself: one query for the whole batch.
                with self.assertQueryCount(1):
                    records._partner_warning_check()
