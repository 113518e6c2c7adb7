"""Dates in the user's time zone, as the chatter shows them.

The clock is frozen at 05:00 UTC on 11 March 2026: for a user in Pago Pago
(UTC-11) it is still 10 March, 18:00. Every date the addon computes or compares
must be the user's 10 March.
"""

from datetime import date, datetime

from freezegun import freeze_time

from odoo.tests import new_test_user, tagged

from .common import ContactsCase

NOW_UTC = datetime(2026, 3, 11, 5, 0)
USER_TODAY = date(2026, 3, 10)


@tagged("standard", "post_install", "-at_install")
@freeze_time(NOW_UTC)
class TestTimeZones(ContactsCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user = new_test_user(
            cls.env,
            login="crm_ext_pago_pago",
            name="Sina Pago",
            tz="Pacific/Pago_Pago",
            groups="sales_team.group_sale_salesman_all_leads,base.group_partner_manager",
        )

    def setUp(self):
        super().setUp()
        self.env = self.env(user=self.user, context={"tz": "Pacific/Pago_Pago"})

    def _history(self, domain):
        contact = self.env["res.partner"].browse(self.contact.id)
        action = contact.action_view_partner_history()
        return (
            self.env["res.partner.activity.report"]
            .with_context(active_test=False)
            .search(action["domain"] + domain)
        )

    def test_a_todo_due_on_the_users_today_is_today_as_in_the_chatter(self):
        todo = (
            self.env["res.partner"]
            .browse(self.contact.id)
            .activity_schedule(
                "mail.mail_activity_data_todo",
                date_deadline=USER_TODAY,
                summary="Rappeler",
                user_id=self.user.id,
            )
        )
        self.assertEqual(todo.state, "today", "the chatter")
        row = self._history([("activity_id", "=", todo.id)])
        self.assertEqual(row.state, "today")

    def test_a_23h_appointment_is_listed_on_the_users_day(self):
        # 23:00 in Pago Pago on 10 March is 10:00 UTC on 11 March.
        event = self.env["calendar.event"].create(
            {
                "name": "Dégustation tardive",
                "start": datetime(2026, 3, 11, 10, 0),
                "stop": datetime(2026, 3, 11, 11, 0),
                "partner_ids": [(6, 0, self.contact.ids)],
            }
        )
        row = self._history([("event_id", "=", event.id)])
        self.assertEqual(row.date, USER_TODAY)
        self.assertEqual(row.state, "today")

    def test_a_note_reminder_is_for_the_users_day(self):
        note = self.env["res.partner.note"].create(
            {
                "partner_id": self.contact.id,
                "name": "Relance",
                "reminder_date": USER_TODAY,
            }
        )
        self.assertEqual(note.date, USER_TODAY)
        self.assertEqual(note.activity_id.state, "today")
        self.assertEqual(
            self._history([("activity_id", "=", note.activity_id.id)]).state, "today"
        )

    def test_a_warning_is_in_force_until_the_end_of_the_users_day(self):
        Warning = self.env["res.partner.warning"].sudo()
        Warning.create(
            {
                "partner_id": self.customer.id,
                "message": "Ends today",
                "blocking": True,
                "date_end": USER_TODAY,
                "company_id": False,
            }
        )
        Warning.create(
            {
                "partner_id": self.customer.id,
                "message": "Starts tomorrow",
                "blocking": True,
                "date_start": date(2026, 3, 11),
                "company_id": False,
            }
        )
        lead = self.env["crm.lead"].new({"partner_id": self.contact.id})
        self.assertIn("Ends today", lead.partner_warning_banner)
        self.assertNotIn("Starts tomorrow", lead.partner_warning_banner)

    def test_the_next_anniversary_is_today_on_the_users_birthday(self):
        self.contact.sudo().birthdate = date(1980, 3, 10)
        contact = self.env["res.partner"].browse(self.contact.id)
        self.assertEqual(contact.next_anniversary, USER_TODAY)
