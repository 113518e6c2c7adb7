"""Contact card fields of Prextra and OpenFire: phones, second email, grouping,
birth date and anniversary, status, roles."""

from datetime import date

from dateutil.relativedelta import relativedelta
from psycopg2 import IntegrityError

from odoo import fields
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form, tagged, users
from odoo.tools import mute_logger
from odoo.tools.safe_eval import safe_eval

from .common import ContactsCase


@tagged("standard", "post_install", "-at_install")
class TestContactCard(ContactsCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.grouping = cls.env["res.partner.grouping"].create(
            {"code": "QC-N", "name": "Québec Nord"}
        )
        cls.product = cls.env["product.product"].create(
            {"name": "Truffes assorties", "list_price": 25.0}
        )
        cls.reseller = cls.env["res.partner"].create(
            {"name": "Distribution Chaudière", "is_company": True}
        )

    @users("crm_ext_salesman")
    def test_card_fields_on_the_form(self):
        with Form(self.env["res.partner"]) as form:
            form.name = "Lucie Carte"
            form.phone = "418 111-1111"
            form.phone_ext = "12"
            form.phone2 = "418 111-2222"
            form.phone2_ext = "34"
            form.email2 = "lucie.perso@example.com"
            form.pager = "418 111-3333"
            form.toll_free = "1 800 111-4444"
            form.fax = "418 111-5555"
            form.department = "Achats"
            form.grouping_id = self.grouping
            form.ref = "C-0042"
            form.store_code = "MAG-7"
            form.reseller_id = self.reseller
            form.installer_id = self.reseller
            form.prospector_id = self.env.user
        partner = form.record
        self.assertEqual(
            (partner.phone_ext, partner.phone2, partner.phone2_ext, partner.email2),
            ("12", "418 111-2222", "34", "lucie.perso@example.com"),
        )
        self.assertEqual(partner.grouping_id.display_name, "[QC-N] Québec Nord")
        self.assertEqual(partner.prospector_id, self.salesman)
        self.assertEqual(partner.reseller_id, self.reseller)
        # Creation date and author are shown on the card.
        self.assertEqual(partner.create_uid, self.salesman)
        self.assertTrue(partner.create_date)

    @users("crm_ext_salesman")
    def test_malformed_second_email_is_refused_on_create(self):
        Partner = self.env["res.partner"]
        with self.assertRaises(ValidationError) as error:
            Partner.create({"name": "Mauvais Courriel", "email2": "pas-un-courriel"})
        self.assertIn("second email", str(error.exception))
        self.assertIn("pas-un-courriel", str(error.exception))
        self.assertFalse(Partner.search([("name", "=", "Mauvais Courriel")]))

    @users("crm_ext_accountant")
    def test_malformed_second_email_is_refused_on_write(self):
        contact = self.contact.with_env(self.env)
        contact.email2 = "jeanne@example.com"
        with self.assertRaises(ValidationError):
            contact.write({"email2": "jeanne@@example", "function": "Acheteuse"})
        contact.invalidate_recordset()
        self.assertEqual(contact.email2, "jeanne@example.com")
        self.assertFalse(contact.function)

    @users("crm_ext_salesman")
    def test_malformed_second_email_is_refused_in_the_form(self):
        form = Form(self.contact.with_env(self.env))
        form.email2 = "jeanne at example.com"
        with self.assertRaises(ValidationError):
            form.save()

    def test_grouping_code_is_unique_and_managed_by_managers(self):
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError):
            self.env["res.partner.grouping"].create({"code": "QC-N", "name": "Dup"})
        Grouping = self.env["res.partner.grouping"].with_user(self.salesman)
        self.assertEqual(Grouping.search([("code", "=", "QC-N")]), self.grouping)
        with self.assertRaises(AccessError):
            Grouping.create({"code": "NEW", "name": "Nouveau"})

    @users("crm_ext_salesman")
    def test_status_is_computed_from_ranks_and_users(self):
        Partner = self.env["res.partner"]
        company = Partner.create({"name": "Nouvelle Pâtisserie", "is_company": True})
        person = Partner.create({"name": "Marie Pâtissière", "parent_id": company.id})
        self.assertEqual(
            (company.contact_status, person.contact_status), ("prospect",) * 2
        )
        company.sudo().supplier_rank = 1
        self.assertEqual(
            (company.contact_status, person.contact_status), ("supplier",) * 2
        )
        company.sudo().customer_rank = 1
        self.assertEqual(
            (company.contact_status, person.contact_status), ("customer",) * 2
        )
        self.assertEqual(self.salesman.partner_id.contact_status, "user")

    @users("crm_ext_salesman")
    def test_status_forced_by_hand_sticks(self):
        Partner = self.env["res.partner"]
        company = Partner.create({"name": "Fournil Lévis", "is_company": True})
        with Form(company) as form:
            form.contact_status = "supplier"
        self.assertTrue(company.contact_status_forced)
        company.sudo().customer_rank = 3
        self.assertEqual(company.contact_status, "supplier")
        # Unticking "set by hand" goes back to the computed status.
        company.contact_status_forced = False
        self.assertEqual(company.contact_status, "customer")
        # A status given at creation is forced too.
        other = Partner.create({"name": "Grossiste", "contact_status": "supplier"})
        self.assertEqual(other.contact_status, "supplier")
        self.assertTrue(other.contact_status_forced)
        # Emptying the status (import, RPC) goes back to the computed one.
        company.contact_status = "supplier"
        self.assertTrue(company.contact_status_forced)
        company.write({"contact_status": False})
        self.assertFalse(company.contact_status_forced)
        self.assertEqual(company.contact_status, "customer")

    def _confirm_quotation(self, partner):
        order = self.env["sale.order"].create(
            {
                "partner_id": partner.id,
                "order_line": [
                    fields.Command.create(
                        {"product_id": self.product.id, "product_uom_qty": 2}
                    )
                ],
            }
        )
        order.action_confirm()
        self.assertEqual(order.state, "sale")

    @users("crm_ext_salesman")
    def test_prospect_becomes_customer_when_quotation_confirmed(self):
        customer = self.customer.with_env(self.env)
        self.assertEqual(customer.contact_status, "prospect")
        self._confirm_quotation(self.contact.with_env(self.env))
        self.assertEqual(customer.contact_status, "customer")
        self.assertEqual(self.contact.contact_status, "customer")
        self.assertEqual(self.contact_ap.contact_status, "customer")

    @users("crm_ext_salesman")
    def test_forced_prospect_becomes_customer_but_forced_supplier_stays(self):
        Partner = self.env["res.partner"]
        prospect = Partner.create({"name": "Client Forcé", "is_company": True})
        prospect.contact_status = "prospect"
        self.assertTrue(prospect.contact_status_forced)
        self._confirm_quotation(prospect)
        self.assertEqual(prospect.contact_status, "customer")
        self.assertFalse(prospect.contact_status_forced)

        supplier = Partner.create({"name": "Fournisseur Forcé", "is_company": True})
        supplier.contact_status = "supplier"
        self._confirm_quotation(supplier)
        self.assertEqual(supplier.contact_status, "supplier")

    @users("crm_ext_salesman")
    def test_birthday_this_month_filter(self):
        Partner = self.env["res.partner"]
        today = fields.Date.context_today(Partner)
        this_month = Partner.create(
            {
                "name": "Anniversaire Ce Mois",
                "birthdate": today - relativedelta(years=30),
            }
        )
        next_month = Partner.create(
            {
                "name": "Anniversaire Mois Prochain",
                "birthdate": today + relativedelta(months=1) - relativedelta(years=30),
            }
        )
        arch = Partner.get_views([(False, "search")])["views"]["search"]["arch"]
        self.assertIn('name="birthday_this_month"', arch)
        domain_text = arch.split('name="birthday_this_month"')[1].split('domain="')[1]
        domain_text = domain_text.split('"')[0].replace("&#39;", "'")
        domain = safe_eval(domain_text, {"context_today": lambda: today})
        found = Partner.search(domain)
        self.assertIn(this_month, found)
        self.assertNotIn(next_month, found)

    @users("crm_ext_salesman")
    def test_next_anniversary_setting(self):
        Partner = self.env["res.partner"]
        today = fields.Date.context_today(Partner)
        yesterday, tomorrow = (
            today - relativedelta(days=1),
            today + relativedelta(days=1),
        )
        past = Partner.create(
            {"name": "Passé", "birthdate": yesterday - relativedelta(years=40)}
        )
        coming = Partner.create(
            {"name": "À venir", "birthdate": tomorrow - relativedelta(years=40)}
        )
        leap = Partner.create({"name": "Bissextile", "birthdate": date(1980, 2, 29)})
        self.assertEqual(past.next_anniversary, yesterday + relativedelta(years=1))
        self.assertEqual(coming.next_anniversary, tomorrow)
        self.assertGreaterEqual(leap.next_anniversary, today)
        self.assertEqual(leap.next_anniversary.month, 2)
        # Off by default: the card shows the birth date.
        self.assertFalse(past.show_next_anniversary)
        settings = self.env["res.config.settings"].sudo().create({})
        self.assertFalse(settings.show_next_anniversary_setting)
        settings.show_next_anniversary_setting = True
        settings.execute()
        past.invalidate_recordset(["show_next_anniversary"])
        self.assertTrue(past.show_next_anniversary)
