"""Tours of issue 8: a recurring activity done in the chatter; the card in French."""

from datetime import timedelta

from odoo import fields
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("standard", "post_install", "-at_install")
class TestRecurringActivityTour(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.salesman = new_test_user(
            cls.env,
            login="crm_ext_recurring_tour_salesman",
            groups="sales_team.group_sale_salesman,base.group_partner_manager",
        )
        cls.partner = cls.env["res.partner"].create({"name": "Jeanne Hebdo"})

    def test_weekly_activity_done_plans_next_week(self):
        self.start_tour(
            f"/odoo/contacts/{self.partner.id}",
            "crm_contacts_ext_recurring_activity",
            login=self.salesman.login,
        )
        activities = (
            self.env["mail.activity"]
            .with_context(active_test=False)
            .search(
                [
                    ("res_model", "=", "res.partner"),
                    ("res_id", "=", self.partner.id),
                    ("summary", "=", "Relance hebdomadaire"),
                ],
                order="date_deadline",
            )
        )
        self.assertEqual(len(activities), 2, "the done one and the next occurrence")
        done, following = activities
        today = fields.Date.context_today(self.salesman)
        self.assertEqual(done.state, "done")
        self.assertEqual(done.date_deadline, today)
        self.assertTrue(following.active)
        self.assertEqual(following.recurrence_type, "weekly")
        self.assertEqual(following.date_deadline, today + timedelta(days=7))
        self.assertEqual(following.user_id, self.salesman)


@tagged("standard", "post_install", "-at_install")
class TestCardFrenchTour(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("fr_CA")
        cls.env["ir.module.module"]._load_module_terms(
            ["crm_contacts_ext"], ["fr_CA"], overwrite=True
        )
        cls.salesman = new_test_user(
            cls.env,
            login="crm_ext_french_tour_salesman",
            groups="sales_team.group_sale_salesman,base.group_partner_manager",
            lang="fr_CA",
        )

    def test_laura_secord_card_in_french(self):
        laura = self.env.ref("crm_contacts_ext.partner_laura_secord")
        self.assertEqual(self.salesman.lang, "fr_CA")
        self.start_tour(
            f"/odoo/contacts/{laura.id}",
            "crm_contacts_ext_card_french",
            login=self.salesman.login,
        )
