"""Tour: a weekly activity marked done in the chatter plans the next one."""

from datetime import timedelta

from odoo import fields
from odoo.tests import tagged

from .common import TourCase


@tagged("standard", "post_install", "-at_install")
class TestRecurringActivityTour(TourCase):
    tour_login = "crm_ext_recurring_tour_salesman"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.partner = cls.env["res.partner"].create({"name": "Jeanne Hebdo"})

    def test_weekly_activity_done_plans_next_week(self):
        self.run_tour(self.partner, "recurring_activity")
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
