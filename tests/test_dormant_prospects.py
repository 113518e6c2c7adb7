"""Dormant prospects (issue 22, item 4): marked by the daily job after the
retention period, listed for review, anonymised on request or, when the company
enables it, 30 days later; never a contact with a posted invoice."""

from dateutil.relativedelta import relativedelta
from freezegun import freeze_time

from odoo import fields
from odoo.tests import tagged, users
from odoo.tools import SQL
from odoo.tools.safe_eval import safe_eval

from .common import ContactsCase


@tagged("standard", "post_install", "-at_install")
class TestDormantProspects(ContactsCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.old = Partner.create(
            {"name": "Vieux Prospect", "email": "vieux@example.com"}
        )
        cls.recent = Partner.create(
            {"name": "Prospect Récent", "email": "recent@example.com"}
        )
        cls.cron = cls.env.ref("crm_contacts_ext.ir_cron_partner_review_dormant")

    def _age(self, partner, months):
        """Make the contact (and its sign of life) ``months`` old."""
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                "UPDATE res_partner SET create_date = %s WHERE id = ANY(%s)",
                fields.Datetime.now() - relativedelta(months=months),
                partner.ids,
            )
        )
        self.env.cr.execute(
            SQL("DELETE FROM mail_message WHERE author_id = ANY(%s)", partner.ids)
        )
        partner.invalidate_recordset()

    def _invoice(self, partner):
        invoice = (
            self.env["account.move"]
            .with_user(self.accountant)
            .create(
                {
                    "move_type": "out_invoice",
                    "partner_id": partner.id,
                    "invoice_line_ids": [
                        (0, 0, {"name": "Truffes", "quantity": 1, "price_unit": 5.0})
                    ],
                }
            )
        )
        invoice.action_post()
        return invoice

    def test_job_marks_prospects_silent_for_36_months(self):
        self._age(self.old, 37)
        self._age(self.recent, 35)
        self.cron.method_direct_trigger()
        self.assertTrue(self.old.is_dormant)
        self.assertEqual(
            self.old.last_activity_date,
            (fields.Datetime.now() - relativedelta(months=37)).date(),
        )
        self.assertFalse(self.recent.is_dormant)
        # a reply from the prospect brings it back
        self.old.message_post(
            body="Je suis toujours intéressé",
            author_id=self.old.id,
            message_type="email",
        )
        self.cron.method_direct_trigger()
        self.assertFalse(self.old.is_dormant)
        self.assertEqual(self.old.last_activity_date, fields.Date.today())

    def test_signs_of_life_keep_a_prospect(self):
        self._age(self.old, 40)
        lead = self.env["crm.lead"].create(
            {"name": "Demande", "partner_id": self.old.id}
        )
        self.cron.method_direct_trigger()
        self.assertFalse(self.old.is_dormant)  # an opportunity 0 months ago
        lead.unlink()
        self.cron.method_direct_trigger()
        self.assertTrue(self.old.is_dormant)

    def test_a_customer_is_never_dormant(self):
        self._age(self.old, 48)
        self._invoice(self.old)
        self._age(self.old, 48)
        self.cron.method_direct_trigger()
        self.assertFalse(self.old.is_dormant)

    def test_retention_setting(self):
        self._age(self.old, 13)
        self.env.company.prospect_retention_months = 12
        self.cron.method_direct_trigger()
        self.assertTrue(self.old.is_dormant)
        self.env.company.prospect_retention_months = 0  # never
        self.cron.method_direct_trigger()
        self.assertFalse(self.old.is_dormant)

    def test_to_review_list_and_anonymise_a_selection(self):
        self._age(self.old | self.recent, 40)
        self.cron.method_direct_trigger()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "crm_contacts_ext.res_partner_action_dormant"
        )
        listed = self.env["res.partner"].search(safe_eval(action["domain"]))
        self.assertIn(self.old, listed)
        self.assertIn(self.recent, listed)
        server_action = self.env.ref("crm_contacts_ext.res_partner_action_anonymise")
        server_action.with_context(
            active_model="res.partner", active_ids=self.old.ids
        ).run()
        self.assertFalse(self.old.active)
        self.assertFalse(self.old.email)
        self.assertTrue(self.recent.email)

    @users("crm_ext_salesman")
    def test_salesperson_sees_the_dates_but_not_the_review_menu(self):
        self._age(self.old, 40)
        self.env["res.partner"].sudo()._cron_review_dormant()
        old = self.old.with_env(self.env)
        self.assertTrue(old.is_dormant)
        self.assertTrue(old.last_activity_date)
        menu = self.env.ref("crm_contacts_ext.res_partner_dormant_menu")
        self.assertNotIn(menu.id, self.env["ir.ui.menu"]._visible_menu_ids())

    def test_auto_anonymise_after_30_days_never_with_a_posted_invoice(self):
        self.env.company.auto_anonymise_dormant = True
        self._age(self.old | self.recent, 40)
        self.cron.method_direct_trigger()
        self.assertTrue(self.old.is_dormant)
        self.assertTrue(self.old.active)  # not the same day
        # an invoice posted since the last review: the job must not erase it
        self._invoice(self.recent)
        with freeze_time(fields.Date.today() + relativedelta(days=31)):
            self.env["res.partner"]._cron_review_dormant()
        self.assertFalse(self.old.active)
        self.assertIn("Anonymised contact", self.old.name)
        self.assertIn(
            "review dormant prospects",
            self.old.with_context(active_test=False).message_ids[:1].body,
        )
        self.assertTrue(self.recent.active)
        self.assertEqual(self.recent.email, "recent@example.com")

    def test_auto_anonymise_off_by_default(self):
        self.assertFalse(self.env.company.auto_anonymise_dormant)
        self._age(self.old, 40)
        self.cron.method_direct_trigger()
        with freeze_time(fields.Date.today() + relativedelta(days=31)):
            self.env["res.partner"]._cron_review_dormant()
        self.assertTrue(self.old.active)
        self.assertTrue(self.old.is_dormant)
