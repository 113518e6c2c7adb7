"""Prioritised and recurring to-dos (Prextra "Activités")."""

from datetime import date

from odoo.exceptions import ValidationError
from odoo.tests import Form, tagged, users

from .common import ContactsCase


@tagged("standard", "post_install", "-at_install")
class TestActivityRecurrence(ContactsCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.todo_type = cls.env.ref("mail.mail_activity_data_todo")
        cls.partner_model = cls.env["ir.model"]._get_id("res.partner")

    def _schedule(self, deadline, **values):
        return self.env["mail.activity"].create(
            {
                "res_model_id": self.partner_model,
                "res_id": self.contact.id,
                "activity_type_id": self.todo_type.id,
                "summary": "Relancer Jeanne",
                "date_deadline": deadline,
                **values,
            }
        )

    def _open_activities(self):
        return self.env["mail.activity"].search(
            [("res_model", "=", "res.partner"), ("res_id", "=", self.contact.id)]
        )

    def _done_chain(self, activity, times):
        """Mark the open occurrence done `times` times; return the due dates seen."""
        dates = []
        for _i in range(times):
            activity.action_done()
            activity = self._open_activities()
            self.assertLessEqual(len(activity), 1, "one open occurrence at a time")
            dates.append(activity.date_deadline if activity else None)
        return dates

    @users("crm_ext_salesman")
    def test_priority_defaults_to_medium(self):
        activity = self._schedule(date(2024, 3, 1))
        self.assertEqual(activity.priority, "medium")
        activity.priority = "high"
        self.assertEqual(activity.priority, "high")

    @users("crm_ext_salesman")
    def test_not_recurring_done_schedules_nothing(self):
        activity = self._schedule(date(2024, 3, 1))
        activity.action_done()
        self.assertFalse(self._open_activities())
        self.assertEqual(activity.state, "done", "the to-do type keeps done to-dos")

    @users("crm_ext_salesman")
    def test_daily_across_leap_day_and_month_end(self):
        activity = self._schedule(
            date(2024, 2, 28), recurrence_type="daily", priority="high"
        )
        self.assertEqual(
            self._done_chain(activity, 3),
            [date(2024, 2, 29), date(2024, 3, 1), date(2024, 3, 2)],
        )
        following = self._open_activities()
        self.assertEqual(following.priority, "high", "the priority is carried over")
        self.assertEqual(following.summary, "Relancer Jeanne")
        self.assertEqual(following.user_id, self.env.user)

    @users("crm_ext_salesman")
    def test_every_three_days_across_month_end(self):
        activity = self._schedule(
            date(2023, 1, 30), recurrence_type="daily", recurrence_interval=3
        )
        self.assertEqual(
            self._done_chain(activity, 2), [date(2023, 2, 2), date(2023, 2, 5)]
        )

    @users("crm_ext_salesman")
    def test_weekly_on_monday_and_thursday(self):
        # Monday 26 February 2024: Thursday is the leap day, then Monday in March.
        activity = self._schedule(
            date(2024, 2, 26),
            recurrence_type="weekly",
            recurrence_mon=True,
            recurrence_thu=True,
        )
        self.assertEqual(
            self._done_chain(activity, 3),
            [date(2024, 2, 29), date(2024, 3, 4), date(2024, 3, 7)],
        )

    @users("crm_ext_salesman")
    def test_every_two_weeks_without_weekday_keeps_the_due_weekday(self):
        activity = self._schedule(
            date(2024, 2, 15), recurrence_type="weekly", recurrence_interval=2
        )
        self.assertEqual(
            self._done_chain(activity, 2), [date(2024, 2, 29), date(2024, 3, 14)]
        )

    @users("crm_ext_salesman")
    def test_monthly_on_the_31st_falls_on_month_ends(self):
        activity = self._schedule(date(2024, 1, 31), recurrence_type="monthly")
        self.assertEqual(
            self._done_chain(activity, 3),
            [date(2024, 2, 29), date(2024, 3, 31), date(2024, 4, 30)],
        )

    @users("crm_ext_salesman")
    def test_monthly_on_the_31st_in_a_common_year(self):
        activity = self._schedule(date(2023, 1, 31), recurrence_type="monthly")
        self.assertEqual(
            self._done_chain(activity, 2), [date(2023, 2, 28), date(2023, 3, 31)]
        )

    @users("crm_ext_salesman")
    def test_yearly_on_leap_day(self):
        activity = self._schedule(date(2024, 2, 29), recurrence_type="yearly")
        self.assertEqual(
            self._done_chain(activity, 4),
            [
                date(2025, 2, 28),
                date(2026, 2, 28),
                date(2027, 2, 28),
                date(2028, 2, 29),
            ],
        )

    @users("crm_ext_salesman")
    def test_yearly_across_year_end(self):
        activity = self._schedule(
            date(2023, 12, 31), recurrence_type="yearly", recurrence_interval=2
        )
        self.assertEqual(self._done_chain(activity, 1), [date(2025, 12, 31)])

    @users("crm_ext_salesman")
    def test_until_date_is_respected(self):
        activity = self._schedule(
            date(2024, 2, 28),
            recurrence_type="daily",
            recurrence_until=date(2024, 3, 1),
        )
        self.assertEqual(
            self._done_chain(activity, 3), [date(2024, 2, 29), date(2024, 3, 1), None]
        )

    @users("crm_ext_salesman")
    def test_monthly_until_between_two_occurrences(self):
        activity = self._schedule(
            date(2024, 1, 31),
            recurrence_type="monthly",
            recurrence_until=date(2024, 3, 30),
        )
        self.assertEqual(self._done_chain(activity, 2), [date(2024, 2, 29), None])

    @users("crm_ext_salesman")
    def test_feedback_and_schedule_next_also_recur(self):
        activity = self._schedule(date(2024, 2, 29), recurrence_type="daily")
        # The next occurrence is already there: no "schedule next" dialog.
        self.assertFalse(activity.action_feedback_schedule_next(feedback="Fait"))
        self.assertEqual(self._open_activities().date_deadline, date(2024, 3, 1))

    @users("crm_ext_salesman")
    def test_interval_zero_is_refused_and_nothing_written(self):
        with self.assertRaises(ValidationError) as error, self.cr.savepoint():
            self._schedule(
                date(2024, 3, 1), recurrence_type="daily", recurrence_interval=0
            )
        self.assertIn("Repeat Every", str(error.exception))
        self.assertFalse(self._open_activities())

    @users("crm_ext_salesman")
    def test_interval_zero_on_an_existing_activity_is_refused(self):
        activity = self._schedule(date(2024, 3, 1), recurrence_type="weekly")
        with self.assertRaises(ValidationError), self.cr.savepoint():
            activity.write({"recurrence_interval": 0})
        activity.invalidate_recordset()
        self.assertEqual(activity.recurrence_interval, 1)

    @users("crm_ext_salesman")
    def test_until_before_due_date_is_refused_and_nothing_written(self):
        with self.assertRaises(ValidationError) as error, self.cr.savepoint():
            self._schedule(
                date(2024, 3, 1),
                recurrence_type="monthly",
                recurrence_until=date(2024, 2, 1),
            )
        self.assertIn("Repeat Until", str(error.exception))
        self.assertFalse(self._open_activities())

    @users("crm_ext_salesman")
    def test_salesperson_schedules_a_recurring_todo_in_the_dialog(self):
        activity_form = Form(
            self.env["mail.activity"].with_context(
                default_res_model_id=self.partner_model,
                default_res_id=self.contact.id,
            ),
            view="mail.mail_activity_view_form_popup",
        )
        activity_form.activity_type_id = self.todo_type
        activity_form.summary = "Visite mensuelle"
        activity_form.date_deadline = date(2024, 2, 26)
        activity_form.priority = "low"
        activity_form.recurrence_type = "weekly"
        activity_form.recurrence_interval = 1
        activity_form.recurrence_tue = True
        activity = activity_form.save()
        self.assertEqual(activity.priority, "low")
        activity.action_done()
        self.assertEqual(self._open_activities().date_deadline, date(2024, 2, 27))

    @users("crm_ext_salesman")
    def test_appointments_have_a_priority(self):
        event = self.env["calendar.event"].create(
            {
                "name": "Dégustation",
                "start": "2024-03-01 14:00:00",
                "stop": "2024-03-01 15:00:00",
                "partner_ids": [(4, self.contact.id)],
            }
        )
        self.assertEqual(event.priority, "medium")
        event.priority = "high"
        self.assertEqual(event.priority, "high")

    @users("crm_ext_salesman")
    def test_dialog_shows_recurrence_fields_only_when_repeating(self):
        activity_form = Form(
            self.env["mail.activity"].with_context(
                default_res_model_id=self.partner_model,
                default_res_id=self.contact.id,
            ),
            view="mail.mail_activity_view_form_popup",
        )
        with self.assertRaises(AssertionError):
            activity_form.recurrence_until = date(2024, 12, 31)
        activity_form.recurrence_type = "monthly"
        activity_form.recurrence_until = date(2099, 12, 31)
        with self.assertRaises(AssertionError):
            activity_form.recurrence_mon = True
        activity_form.recurrence_type = "weekly"
        activity_form.recurrence_mon = True
        activity_form.summary = "Point hebdomadaire"
        activity = activity_form.save()
        self.assertEqual(activity.recurrence_until, date(2099, 12, 31))
        self.assertTrue(activity.recurrence_mon)

    @users("crm_ext_salesman")
    def test_chatter_scheduling_wizard_sets_priority_and_recurrence(self):
        """The chatter's Activities button opens mail.activity.schedule."""
        contact = self.env["res.partner"].browse(self.contact.id)
        wizard_form = Form(
            self.env["mail.activity.schedule"].with_context(
                active_model="res.partner", active_ids=contact.ids
            )
        )
        wizard_form.activity_type_id = self.env.ref("mail.mail_activity_data_todo")
        wizard_form.summary = "Relance hebdomadaire"
        wizard_form.date_deadline = date(2099, 3, 2)  # a Monday
        wizard_form.priority = "high"
        wizard_form.recurrence_type = "weekly"
        wizard_form.recurrence_mon = True
        wizard_form.recurrence_thu = True
        wizard = wizard_form.save()
        wizard.action_schedule_activities()
        activity = contact.activity_ids.filtered(
            lambda a: a.summary == "Relance hebdomadaire"
        )
        self.assertEqual(activity.priority, "high")
        self.assertEqual(activity.recurrence_type, "weekly")
        activity.action_done()
        following = contact.activity_ids.filtered(
            lambda a: a.summary == "Relance hebdomadaire"
        )
        self.assertEqual(following.date_deadline, date(2099, 3, 5), "the Thursday")

    @users("crm_ext_salesman")
    def test_chatter_scheduling_wizard_refuses_interval_zero(self):
        contact = self.env["res.partner"].browse(self.contact.id)
        wizard = (
            self.env["mail.activity.schedule"]
            .with_context(active_model="res.partner", active_ids=contact.ids)
            .create(
                {
                    "activity_type_id": self.env.ref("mail.mail_activity_data_todo").id,
                    "summary": "Jamais",
                    "recurrence_type": "daily",
                    "recurrence_interval": 0,
                }
            )
        )
        self.assertEqual(wizard._get_applied_on_records(), contact)
        before = contact.activity_ids
        with self.assertRaises(ValidationError):
            wizard.action_schedule_activities()
        self.assertEqual(contact.activity_ids, before, "nothing scheduled")
