"""Blocking warnings that really block (issue 4).

A warning on a contact (res.partner.warning) is enforced by the documents' ORM
methods: the tests go through the form, the ORM as an RPC call would (plain
values), copy, the documents Odoo generates, and confirm / post.
"""

from datetime import datetime, timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.fields import Command
from odoo.tests import Form, new_test_user, tagged, users

from .common import ContactsCase, open_tab

OVERRIDE_GROUP = "crm_contacts_ext.group_warning_override"
MANAGE_BLOCKS_GROUP = "crm_contacts_ext.group_manage_blocking_warnings"


class PartnerWarningCase(ContactsCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.product = cls.env["product.product"].create(
            {
                "name": "Truffes assorties",
                "type": "consu",
                "list_price": 25.0,
                "invoice_policy": "order",
            }
        )
        cls.overrider = new_test_user(
            cls.env,
            login="crm_ext_overrider",
            name="Olivier Dérogation",
            groups="sales_team.group_sale_salesman,account.group_account_invoice,"
            f"base.group_partner_manager,{OVERRIDE_GROUP}",
        )
        Partner = cls.env["res.partner"]
        cls.clean = Partner.create({"name": "Client Sans Souci", "is_company": True})
        cls.bad = Partner.create({"name": "Mauvais Payeur Inc.", "is_company": True})
        cls.bad_contact = Partner.create(
            {"name": "Marc Retard", "parent_id": cls.bad.id, "type": "contact"}
        )

    @classmethod
    def _warn(cls, partner, message="Mauvais payeur", blocking=True, **values):
        return cls.env["res.partner.warning"].create(
            {"partner_id": partner.id, "message": message, "blocking": blocking}
            | values
        )

    # Plain values, as an XML-RPC / JSON-RPC client or an import sends them.
    def _order_vals(self, partner):
        return {
            "partner_id": partner.id,
            "order_line": [Command.create({"product_id": self.product.id})],
        }

    def _invoice_vals(self, partner, move_type="out_invoice"):
        return {
            "move_type": move_type,
            "partner_id": partner.id,
            "invoice_line_ids": [
                Command.create({"product_id": self.product.id, "price_unit": 25.0})
            ],
        }

    def _lead_vals(self, partner):
        return {
            "name": "Ballotins de Pâques",
            "type": "opportunity",
            "partner_id": partner.id,
        }

    def _event_vals(self, partners, **values):
        start = datetime.now().replace(microsecond=0) + timedelta(days=2)
        return {
            "name": "Dégustation",
            "start": start,
            "stop": start + timedelta(hours=1),
            "partner_ids": [Command.set(partners.ids)],
        } | values

    def _create(self, kind, partner, **values):
        """Create one document of ``kind`` for ``partner`` with the current user."""
        if kind == "sale":
            return self.env["sale.order"].create(self._order_vals(partner) | values)
        if kind == "invoice":
            return self.env["account.move"].create(self._invoice_vals(partner) | values)
        if kind == "lead":
            return self.env["crm.lead"].create(self._lead_vals(partner) | values)
        return self.env["calendar.event"].create(self._event_vals(partner, **values))

    def _model(self, kind):
        return {
            "sale": "sale.order",
            "invoice": "account.move",
            "lead": "crm.lead",
            "event": "calendar.event",
        }[kind]


KIND_FLAG = {
    "sale": "on_sale_order",
    "invoice": "on_invoice",
    "lead": "on_opportunity",
    "event": "on_meeting",
}
# Who makes each kind of document in real life.
KIND_USER = {
    "sale": "crm_ext_salesman",
    "invoice": "crm_ext_accountant",
    "lead": "crm_ext_salesman",
    "event": "crm_ext_salesman",
}


@tagged("standard", "post_install", "-at_install")
class TestPartnerWarningOrm(PartnerWarningCase):
    """create / write / copy / confirm / post, for every kind of document."""

    def _as(self, kind):
        user = (
            self.salesman
            if KIND_USER[kind] == "crm_ext_salesman"
            else (self.accountant)
        )
        return self.env(user=user)

    def _assert_refused(self, kind, func, partner_name="Mauvais Payeur Inc."):
        with self.assertRaises(UserError) as caught:
            func()
        self.assertIn("Mauvais payeur", str(caught.exception))
        self.assertIn(partner_name, str(caught.exception))

    def test_blocking_create_refused_for_every_kind(self):
        self._warn(self.bad)
        for kind in KIND_FLAG:
            with self.subTest(kind=kind):
                self.env = self._as(kind)
                Model = self.env[self._model(kind)].sudo()
                before = Model.search_count([])
                self._assert_refused(kind, lambda k=kind: self._create(k, self.bad))
                self.assertEqual(Model.search_count([]), before, "nothing written")
                # An unwarned customer is not bothered.
                self.assertTrue(self._create(kind, self.clean))

    def test_company_warning_blocks_its_contacts(self):
        self._warn(self.bad)
        for kind in KIND_FLAG:
            with self.subTest(kind=kind):
                self.env = self._as(kind)
                self._assert_refused(
                    kind, lambda k=kind: self._create(k, self.bad_contact)
                )

    def test_group_warning_blocks_at_any_depth(self):
        """A sub-company is its own commercial entity in Odoo: the group's block
        must still reach it, its persons and their addresses (issue 17)."""
        Partner = self.env["res.partner"]
        sub = Partner.create(
            {"name": "Filiale Retard", "is_company": True, "parent_id": self.bad.id}
        )
        person = Partner.create({"name": "Lise Filiale", "parent_id": sub.id})
        address = Partner.create(
            {"name": "Facturation Lise", "parent_id": person.id, "type": "invoice"}
        )
        warning = self._warn(self.bad)
        for partner in (sub, person, address):
            # the card lists it under "Warnings of the company"
            self.assertIn(warning, partner.company_warning_ids)
            for kind in KIND_FLAG:
                with self.subTest(partner=partner.name, kind=kind):
                    self.env = self._as(kind)
                    Model = self.env[self._model(kind)].sudo()
                    before = Model.search_count([])
                    with self.assertRaisesRegex(UserError, "Mauvais payeur"):
                        self._create(kind, partner)
                    self.assertEqual(Model.search_count([]), before)
        # the sub-company's own warning does not climb up to the group
        self.env = self._as("sale")
        self._warn(sub, message="Filiale en redressement")
        self.bad.sudo().partner_warning_ids.active = False
        self.assertTrue(self._create("sale", self.bad))

    def test_contact_warning_does_not_block_the_company(self):
        self._warn(self.bad_contact, message="Ne plus appeler Marc")
        for kind in KIND_FLAG:
            with self.subTest(kind=kind):
                self.env = self._as(kind)
                self.assertTrue(self._create(kind, self.bad))
                with self.assertRaises(UserError):
                    self._create(kind, self.bad_contact)

    def test_warning_only_applies_to_ticked_kinds(self):
        self._warn(
            self.bad,
            on_sale_order=True,
            on_invoice=False,
            on_opportunity=False,
            on_meeting=False,
        )
        self.env = self._as("sale")
        with self.assertRaises(UserError):
            self._create("sale", self.bad)
        for kind in ("invoice", "lead", "event"):
            with self.subTest(kind=kind):
                self.env = self._as(kind)
                self.assertTrue(self._create(kind, self.bad))

    def test_write_partner_refused(self):
        self._warn(self.bad)
        for kind in KIND_FLAG:
            with self.subTest(kind=kind):
                self.env = self._as(kind)
                record = self._create(kind, self.clean)
                field = "partner_ids" if kind == "event" else "partner_id"
                value = [Command.link(self.bad.id)] if kind == "event" else self.bad.id
                self._assert_refused(
                    kind, lambda r=record, f=field, v=value: r.write({f: v})
                )
                self.env.invalidate_all()
                self.assertNotIn(self.bad, record[field], "partner not written")

    def test_copy_refused_once_blocked(self):
        records = {}
        for kind in KIND_FLAG:
            self.env = self._as(kind)
            records[kind] = self._create(kind, self.bad)
        self._warn(self.bad)
        for kind, record in records.items():
            with self.subTest(kind=kind):
                self.env = self._as(kind)
                record = record.with_env(self.env)
                self._assert_refused(kind, record.copy)

    def test_non_blocking_and_expired_do_not_block(self):
        today = fields.Date.context_today(self.env["res.partner"])
        self._warn(self.bad, message="Toujours payer d'avance", blocking=False)
        self._warn(self.bad, date_end=today - timedelta(days=1))
        self._warn(self.bad, date_start=today + timedelta(days=1))
        self._warn(self.bad, active=False)
        for kind in KIND_FLAG:
            with self.subTest(kind=kind):
                self.env = self._as(kind)
                record = self._create(kind, self.bad)
                self.assertTrue(record.copy())
                self.assertIn("Toujours payer d'avance", record.partner_warning_banner)
                self.assertNotIn("Mauvais payeur", record.partner_warning_banner)
                self.assertFalse(record.partner_warning_blocking)

    def test_warning_of_another_company_does_not_apply(self):
        other = self.env["res.company"].create({"name": "Chocolats Lyon SAS"})
        self._warn(self.bad, company_id=other.id)
        for kind in KIND_FLAG:
            with self.subTest(kind=kind):
                self.env = self._as(kind)
                self.assertTrue(self._create(kind, self.bad))

    def test_confirm_order_after_block_refused(self):
        self.env = self._as("sale")
        order = self._create("sale", self.bad)
        self._warn(self.bad)
        self._assert_refused("sale", order.action_confirm)
        self.assertEqual(order.state, "draft")

    def test_post_invoice_and_credit_note_after_block_refused(self):
        self.env = self._as("invoice")
        invoice = self._create("invoice", self.bad)
        refund = self.env["account.move"].create(
            self._invoice_vals(self.bad, "out_refund")
        )
        self._warn(self.bad)
        for move in invoice | refund:
            self._assert_refused("invoice", move.action_post)
            self.assertEqual(move.state, "draft")

    def test_vendor_bill_not_concerned(self):
        self._warn(self.bad)
        self.env = self._as("invoice")
        bill = self.env["account.move"].create(
            self._invoice_vals(self.bad, "in_invoice")
            | {"invoice_date": fields.Date.today()}
        )
        bill.action_post()
        self.assertEqual(bill.state, "posted")

    def test_batch_fails_as_a_whole_naming_the_partner(self):
        self._warn(self.bad)
        self.env = self._as("sale")
        before = self.env["sale.order"].search_count([])
        with self.assertRaises(UserError) as caught:
            self.env["sale.order"].create(
                [
                    self._order_vals(self.clean),
                    self._order_vals(self.bad_contact),
                    self._order_vals(self.clean),
                ]
            )
        # Who is blocked (by name, no address), for what, by whose warning.
        self.assertIn(
            "Marc Retard is blocked for Quotations / Orders by the warning of their "
            "company Mauvais Payeur Inc.: Mauvais payeur",
            str(caught.exception),
        )
        self.assertEqual(self.env["sale.order"].search_count([]), before)

    def test_csv_import_refused(self):
        self._warn(self.bad)
        self.env = self._as("sale")
        result = self.env["sale.order"].load(
            ["partner_id/.id"], [[str(self.clean.id)], [str(self.bad.id)]]
        )
        self.assertFalse(result["ids"])
        self.assertIn("Mauvais payeur", result["messages"][0]["message"])

    # Generated documents ------------------------------------------------------

    def test_quotation_from_opportunity_refused(self):
        self.env = self._as("sale")
        lead = self._create("lead", self.bad)
        self._warn(self.bad, on_opportunity=False)
        context = lead._prepare_opportunity_quotation_context()
        with self.assertRaises(UserError):
            self.env["sale.order"].with_context(**context).create({})
        self.assertFalse(lead.order_ids)

    def test_invoice_from_order_refused(self):
        self.env = self._as("sale")
        order = self._create("sale", self.bad)
        order.action_confirm()
        self._warn(self.bad, on_sale_order=False)
        self.env = self._as("invoice")
        order = order.with_env(self.env)
        with self.assertRaises(UserError):
            order._create_invoices()
        self.assertFalse(order.invoice_ids)

    def test_recurring_event_occurrences_refused(self):
        self.env = self._as("event")
        event = self._create(
            "event",
            self.bad_contact,
            recurrency=True,
            rrule_type="daily",
            end_type="count",
            count=2,
        )
        self.assertEqual(len(event.recurrence_id.calendar_event_ids), 2)
        self._warn(self.bad)
        # More occurrences: Odoo creates them.
        with self.assertRaises(UserError):
            event.write({"recurrence_update": "all_events", "count": 4})
        self.env.invalidate_all()
        self.assertEqual(len(event.recurrence_id.calendar_event_ids), 2)

    def test_event_refused_for_opportunity_partner(self):
        self.env = self._as("lead")
        lead = self._create("lead", self.bad)
        self._warn(self.bad, on_opportunity=False)
        self.env = self._as("event")
        with self.assertRaises(UserError):
            self.env["calendar.event"].create(
                self._event_vals(self.clean, opportunity_id=lead.id)
            )
        event = self._create("event", self.clean)
        with self.assertRaises(UserError):
            event.write({"opportunity_id": lead.id})

    def test_lead_from_incoming_email_refused(self):
        """The lead is made without the blocked contact (tests/test_mail_gateway.py
        goes through message_process): the email is kept, nothing for them."""
        self._warn(self.bad_contact)
        self.env = self._as("lead")
        lead = self.env["crm.lead"].message_new(
            {
                "subject": "Commande de Noël",
                "from": "marc@retard.example.com",
                "author_id": self.bad_contact.id,
                "body": "Bonjour",
            }
        )
        self.assertFalse(lead.partner_id)

    # Override -------------------------------------------------------------------

    def test_override_with_reason_by_group_member(self):
        self._warn(self.bad)
        self.env = self.env(user=self.overrider)
        reason = "Acompte de 50 % reçu"
        for kind in KIND_FLAG:
            with self.subTest(kind=kind):
                record = self._create(kind, self.bad, warning_override_reason=reason)
                messages = record.message_ids.mapped("body")
                self.assertTrue(
                    any(
                        reason in body and "Mauvais payeur" in body for body in messages
                    ),
                    messages,
                )
                # The context key does it for RPC callers and scripts.
                copied = record.with_context(
                    warning_override_reason="Duplicata autorisé"
                ).copy()
                self.assertIn(
                    "Duplicata autorisé", "".join(copied.message_ids.mapped("body"))
                )

    def test_override_without_reason_refused_to_group_member(self):
        self._warn(self.bad)
        self.env = self.env(user=self.overrider)
        for kind in KIND_FLAG:
            with self.subTest(kind=kind), self.assertRaises(UserError):
                self._create(kind, self.bad)

    def test_group_member_confirms_and_posts_with_reason(self):
        self.env = self.env(user=self.overrider)
        order = self._create("sale", self.bad)
        invoice = self._create("invoice", self.bad)
        self._warn(self.bad)
        with self.assertRaises(UserError):
            order.action_confirm()
        order.warning_override_reason = "Commande payée comptant"
        order.action_confirm()
        self.assertEqual(order.state, "sale")
        invoice.with_context(warning_override_reason="Avoir convenu").action_post()
        self.assertEqual(invoice.state, "posted")
        self.assertIn("Avoir convenu", invoice.message_ids[0].body)

    @users("crm_ext_salesman", "crm_ext_accountant")
    def test_override_refused_outside_the_group(self):
        self._warn(self.bad)
        kind = "sale" if self.env.user == self.salesman else "invoice"
        Model = self.env[self._model(kind)].with_context(
            warning_override_reason="Je le veux"
        )
        with self.assertRaises(UserError):
            Model.create(
                self._order_vals(self.bad)
                if kind == "sale"
                else self._invoice_vals(self.bad)
            )
        # The reason field is reserved to the group, on create as on write.
        with self.assertRaises(AccessError):
            self._create(kind, self.bad, warning_override_reason="Je le veux")
        record = self._create(kind, self.clean)
        with self.assertRaises(AccessError):
            record.write({"warning_override_reason": "Je le veux"})


@tagged("standard", "post_install", "-at_install")
class TestPartnerWarningQueries(PartnerWarningCase):
    """The check costs one SQL query for a whole batch of documents."""

    def _create_orders(self, partner, count=5):
        return self.env["sale.order"].create(
            [self._order_vals(partner) for __ in range(count)]
        )

    @users("crm_ext_salesman")
    def test_batch_check_costs_one_query(self):
        # Same shape as self.clean (a company without contacts), but warned.
        warned = (
            self.env["res.partner"]
            .sudo()
            .create({"name": "Client Averti", "is_company": True})
        )
        self._warn(warned, message="Livrer le matin", blocking=False)
        # Warm the caches (ir.rule, sequences, fiscal positions...).
        self._create_orders(self.clean, 1)
        self._create_orders(warned, 1)

        self.env.invalidate_all()
        self.env.flush_all()
        self.env.cr.flush()
        queries_before = self.env.cr.sql_log_count
        self._create_orders(self.clean)
        self.env.flush_all()
        self.env.cr.flush()
        unwarned = self.env.cr.sql_log_count - queries_before

        self.env.invalidate_all()
        with self.assertQueryCount(crm_ext_salesman=unwarned):
            orders = self._create_orders(warned)
        self.assertEqual(len(orders), 5)
        self.assertTrue(all(orders.mapped("partner_warning_banner")))

        # The check itself: one query for the five orders.
        with self.assertQueryCount(crm_ext_salesman=1):
            orders._partner_warning_check()


@tagged("standard", "post_install", "-at_install")
class TestPartnerWarningForm(PartnerWarningCase):
    """What the user sees in the web client (Form runs the onchanges)."""

    def _form(self, kind):
        model = self._model(kind)
        if kind == "invoice":
            return Form(self.env[model].with_context(default_move_type="out_invoice"))
        if kind == "lead":
            return Form(self.env[model].with_context(default_type="opportunity"))
        return Form(self.env[model])

    def test_form_blocked_partner_is_emptied(self):
        self._warn(self.bad)
        for kind in ("sale", "invoice", "lead"):
            with self.subTest(kind=kind):
                self.env = self.env(
                    user=self.accountant if kind == "invoice" else self.salesman
                )
                form = self._form(kind)
                with self.assertLogs("odoo.tests.form.onchange", "WARNING") as logs:
                    form.partner_id = self.bad_contact
                self.assertIn("Mauvais payeur", logs.output[0])
                self.assertIn("emptied", logs.output[0])
                self.assertFalse(form.partner_id)

    def test_form_event_blocked_attendee_removed(self):
        self._warn(self.bad)
        self.env = self.env(user=self.salesman)
        form = Form(self.env["calendar.event"])
        form.name = "Dégustation"
        form.partner_ids.add(self.clean)
        with self.assertLogs("odoo.tests.form.onchange", "WARNING") as logs:
            form.partner_ids.add(self.bad_contact)
        self.assertIn("Mauvais payeur", logs.output[0])
        self.assertIn(self.clean, form.partner_ids)
        self.assertNotIn(self.bad_contact, form.partner_ids)

    def test_form_event_from_opportunity_of_blocked_customer_refused(self):
        """The event form does not show the opportunity ("Schedule a meeting" sets
        it by default): the save is refused."""
        self.env = self.env(user=self.salesman)
        lead = self.env["crm.lead"].create(self._lead_vals(self.bad))
        self._warn(self.bad, on_opportunity=False)
        with self.assertLogs("odoo.tests.form.onchange", "WARNING") as logs:
            form = Form(
                self.env["calendar.event"].with_context(default_opportunity_id=lead.id)
            )
        self.assertIn("cannot be saved", logs.output[0])
        form.name = "Présentation des ballotins"
        with self.assertRaises(UserError) as caught:
            form.save()
        self.assertIn("Mauvais payeur", str(caught.exception))
        self.assertFalse(
            self.env["calendar.event"].search([("opportunity_id", "=", lead.id)])
        )

    def test_form_event_non_blocking_keeps_attendee(self):
        self._warn(self.bad, message="Parle anglais seulement", blocking=False)
        self.env = self.env(user=self.salesman)
        form = Form(self.env["calendar.event"])
        form.name = "Dégustation"
        with self.assertLogs("odoo.tests.form.onchange", "WARNING"):
            form.partner_ids.add(self.bad_contact)
        self.assertIn(self.bad_contact, form.partner_ids)
        self.assertIn("Parle anglais seulement", form.partner_warning_banner)
        event = form.save()
        self.assertIn(self.bad_contact, event.partner_ids)

    def test_form_non_blocking_warns_and_keeps(self):
        self._warn(self.bad, message="Livrer le matin seulement", blocking=False)
        for kind in ("sale", "invoice", "lead"):
            with self.subTest(kind=kind):
                self.env = self.env(
                    user=self.accountant if kind == "invoice" else self.salesman
                )
                form = self._form(kind)
                if kind == "lead":
                    form.name = "Ballotins"
                with self.assertLogs("odoo.tests.form.onchange", "WARNING") as logs:
                    form.partner_id = self.bad_contact
                self.assertIn("Livrer le matin seulement", logs.output[0])
                self.assertEqual(form.partner_id, self.bad_contact)
                self.assertIn("Livrer le matin seulement", form.partner_warning_banner)
                if kind == "sale":
                    with form.order_line.new() as line:
                        line.product_id = self.product
                record = form.save()
                self.assertEqual(record.partner_id, self.bad_contact)

    def test_form_group_member_keeps_partner_and_gives_reason(self):
        self._warn(self.bad)
        self.env = self.env(user=self.overrider)
        form = Form(self.env["sale.order"])
        with self.assertLogs("odoo.tests.form.onchange", "WARNING") as logs:
            form.partner_id = self.bad
        self.assertIn("override reason", logs.output[0])
        self.assertEqual(form.partner_id, self.bad)
        self.assertTrue(form.partner_warning_blocking)
        form.warning_override_reason = "Client historique, paiement garanti"
        with form.order_line.new() as line:
            line.product_id = self.product
        order = form.save()
        self.assertIn("Client historique, paiement garanti", order.message_ids[0].body)

    def test_bad_debtor_proposes_blocking_warning(self):
        # Credit control: an accountant who manages blocks (issue 23).
        self.accountant.groups_id |= self.env.ref(MANAGE_BLOCKS_GROUP)
        self.env = self.env(user=self.accountant)
        form = Form(self.env["res.partner"].browse(self.clean.id))
        open_tab(form, "partner_warning_ids")
        form.trust = "bad"
        partner = form.save()
        warning = partner.partner_warning_ids
        self.assertEqual(len(warning), 1)
        self.assertTrue(warning.blocking and warning.on_sale_order)
        self.assertTrue(warning.on_invoice)
        with self.assertRaises(UserError):
            self._create("invoice", partner)
        # Setting it again does not propose a second one.
        form = Form(partner)
        open_tab(form, "partner_warning_ids")
        form.trust = "normal"
        form.trust = "bad"
        self.assertEqual(len(form.save().partner_warning_ids), 1)

    def test_bad_debtor_by_rpc_gets_an_inactive_proposal(self):
        self.env = self.env(user=self.accountant)
        partner = self.env["res.partner"].browse(self.clean.id)
        partner.write({"trust": "bad"})
        Warning = self.env["res.partner.warning"].with_context(active_test=False)
        proposal = Warning.search([("partner_id", "=", partner.id)])
        self.assertEqual(len(proposal), 1)
        self.assertFalse(proposal.active, "nobody is blocked by surprise")
        self.assertTrue(self._create("invoice", partner))
        # The proposal is listed on the card, and switched on there by credit
        # control (issue 23).
        self.accountant.groups_id |= self.env.ref(MANAGE_BLOCKS_GROUP)
        form = Form(partner)
        open_tab(form, "partner_warning_ids")
        self.assertEqual(len(form.partner_warning_ids), 1)
        with form.partner_warning_ids.edit(0) as line:
            line.active = True
        form.save()
        with self.assertRaises(UserError):
            self._create("invoice", partner)
        # Marking it bad again proposes nothing more; nor does an import.
        partner.write({"trust": "normal"})
        partner.write({"trust": "bad"})
        self.env["res.partner"].create({"name": "Nouveau Mauvais", "trust": "bad"})
        self.assertEqual(Warning.search_count([("partner_id", "=", partner.id)]), 1)
        self.assertEqual(
            Warning.search_count([("partner_id.name", "=", "Nouveau Mauvais")]), 1
        )
