"""Who may be mailed, and until when: the marketing basis (issue 22, items 1-2).

Dates are set explicitly: an invoice 23 months ago gives an implied consent, 25
months ago none; an opportunity 5 months ago does, 7 months ago does not.
"""

from datetime import timedelta

from dateutil.relativedelta import relativedelta
from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import ValidationError
from odoo.tests import Form, new_test_user, tagged, users
from odoo.tools import SQL

from odoo.addons.mail.tests.common import MockEmail

from .common import ContactsCase


class BasisCase(ContactsCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.marketer = new_test_user(
            cls.env,
            login="crm_ext_basis_marketer",
            name="Marie Courriel",
            email="marie.courriel@example.com",
            groups="mass_mailing.group_mass_mailing_user,base.group_partner_manager",
        )
        cls.contact.email = "jeanne.achat@example.com"
        cls.today = fields.Date.context_today(cls.env["res.partner"])

    def _invoice(self, months_ago, partner=None):
        invoice = (
            self.env["account.move"]
            .with_user(self.accountant)
            .create(
                {
                    "move_type": "out_invoice",
                    "partner_id": (partner or self.customer).id,
                    "invoice_date": self.today - relativedelta(months=months_ago),
                    "invoice_line_ids": [
                        (0, 0, {"name": "Truffes", "quantity": 1, "price_unit": 25.0})
                    ],
                }
            )
        )
        invoice.action_post()
        return invoice

    def _opportunity(self, months_ago, partner=None):
        lead = (
            self.env["crm.lead"]
            .with_user(self.salesman)
            .create(
                {
                    "name": "Demande de prix",
                    "type": "opportunity",
                    "partner_id": (partner or self.contact).id,
                }
            )
        )
        lead.flush_recordset()
        self.env.cr.execute(
            SQL(
                "UPDATE crm_lead SET create_date = %s WHERE id = %s",
                fields.Datetime.now() - relativedelta(months=months_ago),
                lead.id,
            )
        )
        lead.invalidate_recordset(["create_date"])
        # the documents' date changed behind the ORM's back: recompute
        self.customer._marketing_basis_update()
        return lead

    def _consent(self, partner, state, days_ago=1, legal_basis=None):
        return self.env["res.partner.consent"].create(
            {
                "partner_id": partner.id,
                "state": state,
                "date": fields.Datetime.now() - timedelta(days=days_ago),
                "channel": "phone",
                "legal_basis": legal_basis
                or ("consent" if state == "granted" else False),
            }
        )


@tagged("standard", "post_install", "-at_install")
class TestMarketingBasis(BasisCase):
    def test_new_contact_without_anything_has_no_basis(self):
        self.assertEqual(self.contact.marketing_basis, "none")
        self.assertFalse(self.contact.marketing_basis_until)
        self.assertIn("No consent", self.contact.marketing_basis_reason)

    @users("crm_ext_salesman")
    def test_invoice_23_months_ago_gives_implied_consent(self):
        invoice = self._invoice(23)
        contact = self.contact.with_env(self.env)
        self.assertEqual(contact.marketing_basis, "implied")
        self.assertEqual(
            contact.marketing_basis_until,
            invoice.invoice_date + relativedelta(months=24),
        )
        # the sentence the salesperson reads on the card
        self.assertIn(invoice.name, contact.marketing_basis_reason)
        self.assertTrue(contact.marketing_basis_reason.startswith("Implied: invoice"))
        # the company and every person of it
        self.assertEqual(self.customer.with_env(self.env).marketing_basis, "implied")
        self.assertEqual(self.contact_ap.with_env(self.env).marketing_basis, "implied")

    @users("crm_ext_salesman")
    def test_invoice_25_months_ago_gives_nothing(self):
        self._invoice(25)
        self.assertEqual(self.contact.with_env(self.env).marketing_basis, "none")

    @users("crm_ext_salesman")
    def test_opportunity_5_months_ago_gives_implied_consent(self):
        lead = self._opportunity(5)
        contact = self.contact.with_env(self.env)
        self.assertEqual(contact.marketing_basis, "implied")
        self.assertEqual(
            contact.marketing_basis_until,
            lead.create_date.date() + relativedelta(months=6),
        )
        self.assertIn("opportunity Demande de prix", contact.marketing_basis_reason)

    def test_opportunity_of_no_company_same_basis_whoever_recomputes(self):
        """An opportunity of no company counts with the main company's period,
        not the period of the company of whoever triggers the recompute."""
        other = self.env["res.company"].create(
            {"name": "Filiale sans relance", "implied_consent_inquiry_months": 0}
        )
        lead = self._opportunity(2)
        self.env.cr.execute(
            SQL("UPDATE crm_lead SET company_id = NULL WHERE id = %s", lead.id)
        )
        lead.invalidate_recordset(["company_id"])
        self.assertFalse(self.contact.company_id)
        for company in (self.env.company, other):
            with self.subTest(company=company.name):
                self.customer.with_company(company)._marketing_basis_update()
                self.contact.invalidate_recordset()
                self.assertEqual(self.contact.marketing_basis, "implied")

    @users("crm_ext_salesman")
    def test_opportunity_7_months_ago_gives_nothing(self):
        self._opportunity(7)
        self.assertEqual(self.contact.with_env(self.env).marketing_basis, "none")

    def test_confirmed_order_gives_implied_consent_cancelled_takes_it_back(self):
        truffles = self.env["product.product"].create({"name": "Truffes"})
        order = (
            self.env["sale.order"]
            .with_user(self.salesman)
            .create(
                {
                    "partner_id": self.customer.id,
                    "order_line": [
                        (
                            0,
                            0,
                            {
                                "product_id": truffles.id,
                                "product_uom_qty": 1,
                                "price_unit": 9,
                            },
                        )
                    ],
                }
            )
        )
        self.assertEqual(self.contact.marketing_basis, "none")  # a quotation: no
        order.with_user(self.salesman).action_confirm()
        self.assertEqual(self.contact.marketing_basis, "implied")
        self.assertEqual(self.contact.marketing_basis_source, "sale_order")
        order.lost_reason_id = self.env.ref(
            "crm_contacts_ext.sale_order_lost_reason_price"
        )
        order.with_user(self.salesman)._action_cancel()
        self.assertEqual(self.contact.marketing_basis, "none")

    def test_orders_of_one_day_keep_the_first_as_the_basis_document(self):
        # The basis names the first purchase of its day: a customer confirming
        # orders all day long keeps one basis (its rows are not rewritten, nor
        # locked, at each confirmation: issue 19); the next one of the day
        # takes over when that one is cancelled.
        truffles = self.env["product.product"].create({"name": "Truffes"})
        Order = self.env["sale.order"].with_user(self.salesman)
        orders = Order.create(
            [
                {
                    "partner_id": partner.id,
                    "order_line": [(0, 0, {"product_id": truffles.id})],
                }
                for partner in (self.customer, self.contact, self.customer)
            ]
        )
        for order in orders:
            order.action_confirm()
            for partner in (self.customer, self.contact):
                self.assertEqual(partner.marketing_basis_document, orders[0].name)
        invoice = self._invoice(0)
        self.assertEqual(self.contact.marketing_basis_document, orders[0].name)
        orders[0].lost_reason_id = self.env.ref(
            "crm_contacts_ext.sale_order_lost_reason_price"
        )
        orders[0]._action_cancel()
        self.assertEqual(self.contact.marketing_basis_document, orders[1].name)
        self.assertEqual(self.contact.marketing_basis_date, self.today)
        (orders[1:]).lost_reason_id = orders[0].lost_reason_id
        orders[1:]._action_cancel()
        self.assertEqual(self.customer.marketing_basis_document, invoice.name)

    def _orders(self, *partners):
        truffles = self.env["product.product"].create({"name": "Truffes"})
        return (
            self.env["sale.order"]
            .with_user(self.salesman)
            .create(
                [
                    {
                        "partner_id": partner.id,
                        "order_line": [(0, 0, {"product_id": truffles.id})],
                    }
                    for partner in partners
                ]
            )
        )

    def test_orders_confirmed_out_of_turn_keep_the_first_of_the_day(self):
        first, second = self._orders(self.customer, self.contact)
        second.action_confirm()
        self.assertEqual(self.contact.marketing_basis_document, second.name)
        first.action_confirm()
        for partner in (self.customer, self.contact):
            self.assertEqual(partner.marketing_basis_document, first.name)

    def test_order_of_a_later_day_moves_the_basis(self):
        yesterday, today = self._orders(self.customer, self.contact)
        with freeze_time(self.today - timedelta(days=1)):
            yesterday.action_confirm()
        self.assertEqual(self.contact.marketing_basis_date, yesterday.date_order.date())
        today.action_confirm()
        self.assertEqual(self.contact.marketing_basis_document, today.name)
        self.assertEqual(self.contact.marketing_basis_date, today.date_order.date())
        self.assertEqual(
            self.contact.marketing_basis_until,
            today.date_order.date() + relativedelta(months=24),
        )

    def test_order_of_the_day_of_an_invoice_names_the_order(self):
        self._invoice(0)
        order = self._orders(self.customer)
        order.action_confirm()
        self.assertEqual(self.contact.marketing_basis_source, "sale_order")
        self.assertEqual(self.contact.marketing_basis_document, order.name)

    def test_invoices_keep_the_latest_day_and_its_first_invoice(self):
        self._invoice(2)
        first = self._invoice(1)
        self.assertEqual(self.contact.marketing_basis_document, first.name)
        second = self._invoice(1)  # the same day, after it
        self._invoice(3)  # an older one, posted late
        self.assertEqual(self.contact.marketing_basis_document, first.name)
        first.button_draft()
        self.assertEqual(self.contact.marketing_basis_document, second.name)

    def test_order_of_a_company_with_express_consent_reaches_its_people(self):
        # The company's own basis is express: its stored basis says nothing of
        # its documents, the order is looked at.
        self._consent(self.customer, "granted")
        order = self._orders(self.customer)
        order.action_confirm()
        self.assertEqual(self.customer.marketing_basis, "express")
        self.assertEqual(self.contact.marketing_basis, "implied")
        self.assertEqual(self.contact.marketing_basis_document, order.name)

    @users("crm_ext_salesman")
    def test_withdrawal_after_an_invoice_wins_at_once(self):
        self._invoice(2)
        contact = self.contact.with_env(self.env)
        self.assertEqual(contact.marketing_basis, "implied")
        self._consent(self.contact, "withdrawn")
        self.assertEqual(contact.marketing_basis, "withdrawn")
        self.assertFalse(contact.marketing_basis_until)
        self.assertIn("Withdrawn on", contact.marketing_basis_reason)
        # a later purchase does not undo it: only the person's own grant does
        self._invoice(0)
        self.assertEqual(contact.marketing_basis, "withdrawn")
        # the colleague of the same company keeps the implied consent
        self.assertEqual(self.contact_ap.with_env(self.env).marketing_basis, "implied")

    def test_blacklisted_email_is_withdrawn(self):
        self._consent(self.contact, "granted")
        self.assertEqual(self.contact.marketing_basis, "express")
        self.env["mail.blacklist"]._add("Jeanne.Achat@example.com")
        self.assertEqual(self.contact.marketing_basis, "withdrawn")
        self.assertIn("blacklisted", self.contact.marketing_basis_reason)
        self.env["mail.blacklist"]._remove("jeanne.achat@example.com")
        self.assertEqual(self.contact.marketing_basis, "express")

    def test_blacklisting_by_a_caller_s_context_still_withdraws_at_once(self):
        # An RPC client may send any context: the key the addon uses inside a
        # consent event to update the basis once must not let a caller skip it.
        self._consent(self.contact, "granted")
        Blacklist = self.env["mail.blacklist"].with_context(
            marketing_basis_deferred=True
        )
        Blacklist.create({"email": "jeanne.achat@example.com"})
        self.assertEqual(self.contact.marketing_basis, "withdrawn")

    @users("crm_ext_salesman")
    def test_express_consent_lasts_unless_the_company_sets_a_duration(self):
        event = self._consent(self.contact, "granted", days_ago=400)
        contact = self.contact.with_env(self.env)
        self.assertEqual(contact.marketing_basis, "express")
        self.assertFalse(contact.marketing_basis_until)
        self.env.company.sudo().express_consent_months = 12
        self.assertEqual(contact.marketing_basis, "none")  # 400 days > 12 months
        self.env.company.sudo().express_consent_months = 24
        self.assertEqual(contact.marketing_basis, "express")
        self.assertEqual(
            contact.marketing_basis_until,
            event.date.date() + relativedelta(months=24),
        )
        self.assertIn("until", contact.marketing_basis_reason)

    @users("crm_ext_salesman")
    def test_grant_recorded_under_a_duration_lasts_that_long(self):
        # The duration is set first, then events are recorded: each event's
        # own update gives the basis (issue 19: without the basis query).
        self.env.company.sudo().express_consent_months = 12
        invoice = self._invoice(2)
        contact = self.contact.with_env(self.env)
        self._consent(self.contact, "granted", days_ago=400)  # a year ago and more
        self.assertEqual(contact.marketing_basis, "implied")
        self.assertEqual(contact.marketing_basis_document, invoice.name)
        event = self._consent(self.contact, "granted", days_ago=10)
        self.assertEqual(contact.marketing_basis, "express")
        self.assertEqual(contact.marketing_basis_date, event.date.date())
        self.assertEqual(
            contact.marketing_basis_until,
            event.date.date() + relativedelta(months=12),
        )
        withdrawal = self._consent(self.contact, "withdrawn", days_ago=0)
        self.assertEqual(contact.marketing_basis, "withdrawn")
        self.assertEqual(contact.marketing_basis_date, withdrawal.date.date())
        self.assertFalse(contact.marketing_basis_until)

    def test_grant_on_another_legal_basis_is_not_express(self):
        self._consent(self.contact, "granted", legal_basis="legitimate_interest")
        self.assertEqual(self.contact.marketing_basis, "none")
        self._invoice(1)
        self.assertEqual(self.contact.marketing_basis, "implied")

    def test_daily_job_moves_contacts_whose_basis_ended(self):
        self._invoice(24)  # until today, included
        self.assertEqual(self.contact.marketing_basis, "implied")
        self.assertEqual(self.contact.marketing_basis_until, self.today)
        self.env["res.partner"]._cron_marketing_basis_update()
        self.assertEqual(self.contact.marketing_basis, "implied")
        with freeze_time(self.today + timedelta(days=1)):
            self.env.ref(
                "crm_contacts_ext.ir_cron_partner_marketing_basis"
            ).method_direct_trigger()
        self.assertEqual(self.contact.marketing_basis, "none")

    def test_settings_change_durations_and_refuse_negative_ones(self):
        self._invoice(20)
        settings = Form(self.env["res.config.settings"])
        self.assertEqual(settings.implied_consent_purchase_months, 24)
        self.assertEqual(settings.implied_consent_inquiry_months, 6)
        self.assertEqual(settings.express_consent_months, 0)
        self.assertEqual(settings.consent_confirmation_days, 14)
        settings.implied_consent_purchase_months = 12
        settings.save().execute()
        self.assertEqual(self.contact.marketing_basis, "none")
        with self.assertRaisesRegex(ValidationError, "at least 0"):
            self.env.company.implied_consent_inquiry_months = -1

    def test_merge_moves_the_basis_with_the_events(self):
        duplicate = self.env["res.partner"].create(
            {"name": "Jeanne Achat (doublon)", "email": "jeanne.a@example.com"}
        )
        self._consent(duplicate, "granted")
        self.assertEqual(duplicate.marketing_basis, "express")
        self.assertEqual(self.contact.marketing_basis, "none")
        wizard = Form(
            self.env["base.partner.merge.automatic.wizard"].with_context(
                active_model="res.partner", active_ids=(duplicate | self.contact).ids
            )
        )
        wizard.dst_partner_id = self.contact
        wizard.save().action_merge()
        self.assertEqual(self.contact.marketing_basis, "express")

    @users("crm_ext_salesman")
    def test_person_added_to_a_customer_starts_with_its_relationship(self):
        # A new person's basis is read from its company's stored one when that
        # is enough (issue 19): by each way a person is added, as a salesperson.
        invoice = self._invoice(2)
        self.env["mail.blacklist"].sudo()._add("refus@example.com")
        self.env.invalidate_all()  # the accountant's request is over
        customer = self.customer.with_env(self.env)
        # Imported by the administrator: plain Odoo refuses a salesperson's
        # import of a person under a customer with a posted invoice (it reads
        # the customer's credit limit, an accounting field).
        admin = self.env.ref("base.user_admin")
        result = (
            self.env["res.partner"]
            .with_user(admin)
            .load(
                ["name", "parent_id/.id", "email"],
                [["Marc Importé", str(customer.id), "marc@example.com"]],
            )
        )
        self.assertFalse(result["messages"])
        imported = self.env["res.partner"].browse(result["ids"])
        with Form(self.env["res.partner"]) as form:
            form.name = "Luc Refus"
            form.parent_id = customer
            form.email = "Refus@example.com"
        refused = form.record
        with Form(customer) as form, form.child_ids.new() as child:
            child.name = "Léa Nouvelle"
        added = customer.child_ids.filtered(lambda p: p.name == "Léa Nouvelle")
        granted = self.env["res.partner"].create(
            {
                "name": "Anne Accord",
                "parent_id": customer.id,
                "allow_communication": True,
            }
        )
        for person in added | imported:
            self.assertEqual(person.marketing_basis, "implied")
            self.assertEqual(person.marketing_basis_document, invoice.name)
            self.assertEqual(
                person.marketing_basis_until,
                invoice.invoice_date + relativedelta(months=24),
            )
        self.assertEqual(refused.marketing_basis, "withdrawn")
        self.assertEqual(refused.marketing_basis_source, "blacklist")
        self.assertEqual(granted.marketing_basis, "express")

    def test_person_added_after_the_customer_s_basis_ended_has_none(self):
        # The company's stored basis ended yesterday and the daily job has not
        # run yet: the new person is not given a basis that has ended.
        self._invoice(24)  # until today, included
        self.assertEqual(self.customer.marketing_basis_until, self.today)
        with freeze_time(self.today + timedelta(days=1)):
            person = self.env["res.partner"].create(
                {"name": "Luc Tardif", "parent_id": self.customer.id}
            )
            self.assertEqual(self.customer.marketing_basis, "implied")  # the job
            self.assertEqual(person.marketing_basis, "none")

    def test_person_added_to_a_customer_with_express_consent_gets_the_implied(self):
        # The company's own consent is not its people's: they get the
        # relationship of its documents, which its stored basis does not show.
        invoice = self._invoice(2)
        self._consent(self.customer, "granted")
        self.assertEqual(self.customer.marketing_basis, "express")
        person = self.env["res.partner"].create(
            {"name": "Luc Neuf", "parent_id": self.customer.id}
        )
        self.assertEqual(person.marketing_basis, "implied")
        self.assertEqual(person.marketing_basis_document, invoice.name)
        self._consent(self.customer, "withdrawn")
        other = self.env["res.partner"].create(
            {"name": "Lise Neuve", "parent_id": self.customer.id}
        )
        self.assertEqual(other.marketing_basis, "implied")
        self.assertEqual(person.marketing_basis, "implied")

    def test_written_basis_is_ignored(self):
        # derived from the facts: an import or RPC cannot set it
        self.contact.write({"marketing_basis": "express", "name": "Jeanne A."})
        self.assertEqual(self.contact.marketing_basis, "none")
        self.assertEqual(self.contact.name, "Jeanne A.")
        copy = self.contact.copy()
        self.assertEqual(copy.marketing_basis, "none")

    def test_sentence_in_french(self):
        self.env["res.lang"]._activate_lang("fr_CA")
        self.env["ir.module.module"]._load_module_terms(
            ["crm_contacts_ext"], ["fr_CA"], overwrite=True
        )
        invoice = self._invoice(1)
        reason = self.contact.with_context(lang="fr_CA").marketing_basis_reason
        self.assertTrue(reason.startswith("Tacite : facture"), reason)
        self.assertIn(invoice.name, reason)


@tagged("standard", "post_install", "-at_install")
class TestMailingFollowsBasis(BasisCase, MockEmail):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.customer_person = Partner.create(
            {
                "name": "Client",
                "email": "client@example.com",
                "parent_id": cls.customer.id,
            }
        )
        cls.express = Partner.create(
            {"name": "Express", "email": "express@example.com"}
        )
        cls.prospect = Partner.create(
            {"name": "Prospect", "email": "prospect@example.com"}
        )
        cls.gone = Partner.create({"name": "Parti", "email": "parti@example.com"})
        cls.everyone = cls.customer_person + cls.express + cls.prospect + cls.gone

    def setUp(self):
        super().setUp()
        self._invoice(3)
        self._consent(self.express, "granted")
        self._consent(self.gone, "withdrawn")

    def _mailing(self):
        return self.env["mailing.mailing"].create(
            {
                "subject": "Nouveautés",
                "body_html": "<p>Bonjour</p>",
                "mailing_model_id": self.env["ir.model"]._get_id("res.partner"),
                "mailing_domain": repr([("id", "in", self.everyone.ids)]),
            }
        )

    def _reached(self, mailing):
        traces = self.env["mailing.trace"].search(
            [("mass_mailing_id", "=", mailing.id), ("trace_status", "!=", "cancel")]
        )
        return self.env["res.partner"].browse(traces.mapped("res_id"))

    @users("crm_ext_basis_marketer")
    def test_default_reaches_express_and_implied_only(self):
        self.assertTrue(self.env.company.mailing_consent_required)
        mailing = self._mailing()
        self.assertEqual(mailing.consent_withdrawn_count, 1)
        self.assertEqual(mailing.consent_missing_count, 1)
        self.assertEqual(mailing.consent_excluded_count, 2)
        with self.mock_mail_gateway():
            mailing.action_send_mail()
        self.assertEqual(self._reached(mailing), self.customer_person + self.express)

    @users("crm_ext_basis_marketer")
    def test_setting_off_leaves_out_only_who_withdrew(self):
        self.env.company.sudo().mailing_consent_required = False
        mailing = self._mailing()
        self.assertEqual(mailing.consent_withdrawn_count, 1)
        self.assertEqual(mailing.consent_missing_count, 0)
        with self.mock_mail_gateway():
            mailing.action_send_mail()
        self.assertEqual(
            self._reached(mailing), self.customer_person + self.express + self.prospect
        )
        # the withdrawn address is cancelled by Odoo's blacklist, as in plain Odoo
        trace = self.env["mailing.trace"].search(
            [("mass_mailing_id", "=", mailing.id), ("res_id", "=", self.gone.id)]
        )
        self.assertEqual(trace.trace_status, "cancel")
        self.assertEqual(trace.failure_type, "mail_bl")

    @users("crm_ext_basis_marketer")
    def test_mailing_list_follows_the_contacts_basis(self):
        mailing_list = self.env["mailing.list"].create(
            {
                "name": "Infolettre",
                "contact_ids": [
                    (0, 0, {"name": "Client", "email": "client@example.com"}),
                    (0, 0, {"name": "Prospect", "email": "prospect@example.com"}),
                    (0, 0, {"name": "Parti", "email": "parti@example.com"}),
                ],
            }
        )
        mailing = self.env["mailing.mailing"].create(
            {
                "subject": "Liste",
                "body_html": "<p>Bonjour</p>",
                "mailing_model_id": self.env["ir.model"]._get_id("mailing.list"),
                "contact_list_ids": [(6, 0, mailing_list.ids)],
            }
        )
        self.assertEqual(mailing.consent_withdrawn_count, 1)
        self.assertEqual(mailing.consent_missing_count, 1)
        with self.mock_mail_gateway():
            mailing.action_send_mail()
        sent = self.env["mailing.trace"].search(
            [("mass_mailing_id", "=", mailing.id), ("trace_status", "!=", "cancel")]
        )
        self.assertEqual(sent.mapped("email"), ["client@example.com"])

    def test_basis_shown_on_the_personal_data_page(self):
        arch = self.env["res.partner"].get_view(
            self.env.ref("base.view_partner_form").id, "form"
        )["arch"]
        for fname in (
            "marketing_basis",
            "marketing_basis_reason",
            "marketing_basis_until",
        ):
            self.assertIn(f'name="{fname}"', arch)
