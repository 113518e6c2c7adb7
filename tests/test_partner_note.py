"""Notes on a contact with a reminder to-do (Prextra "Notes")."""

from datetime import date, timedelta

from odoo import fields
from odoo.tests import Form, tagged, users

from .common import ContactsCase


@tagged("standard", "post_install", "-at_install")
class TestPartnerNote(ContactsCase):
    def _reminders(self, partner=None):
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", "res.partner"),
                ("res_id", "=", (partner or self.contact).id),
            ]
        )

    def _note(self, **values):
        return self.env["res.partner.note"].create(
            {"partner_id": self.contact.id, "name": "Catalogue de Pâques", **values}
        )

    @users("crm_ext_salesman")
    def test_salesperson_writes_a_note_in_the_form(self):
        with Form(self.env["res.partner.note"]) as note_form:
            note_form.partner_id = self.contact
            note_form.name = "Appel de Jeanne"
            note_form.body = "<p>Veut un échantillon.</p>"
            self.assertEqual(note_form.user_id, self.env.user, "author by default")
            self.assertEqual(note_form.date, fields.Date.context_today(self.salesman))
        note = note_form.record
        self.assertIn(note, self.contact.note_ids)
        self.assertFalse(note.activity_id, "no reminder date, no to-do")
        self.assertFalse(self._reminders())

    @users("crm_ext_salesman")
    def test_reminder_schedules_a_todo_for_the_author(self):
        note = self._note(reminder_date=date(2031, 1, 15))
        reminder = self._reminders()
        self.assertEqual(len(reminder), 1)
        self.assertEqual(note.activity_id, reminder)
        self.assertEqual(reminder.date_deadline, date(2031, 1, 15))
        self.assertEqual(reminder.user_id, self.env.user)
        self.assertEqual(reminder.summary, "Catalogue de Pâques")
        self.assertEqual(
            reminder.activity_type_id, self.env.ref("mail.mail_activity_data_todo")
        )
        mine = self.env["mail.activity"].search([("user_id", "=", self.env.uid)])
        self.assertIn(reminder, mine, "it shows in the author's activities")

    @users("crm_ext_salesman")
    def test_moving_the_reminder_moves_the_todo(self):
        note = self._note(reminder_date=date(2031, 1, 15))
        reminder = note.activity_id
        note.reminder_date = date(2031, 2, 1)
        self.assertEqual(self._reminders(), reminder, "the same to-do, not a second")
        self.assertEqual(reminder.date_deadline, date(2031, 2, 1))

    @users("crm_ext_salesman")
    def test_clearing_the_reminder_removes_the_todo(self):
        note = self._note(reminder_date=date(2031, 1, 15))
        reminder = note.activity_id
        note.reminder_date = False
        self.assertFalse(reminder.exists())
        self.assertFalse(note.activity_id)
        self.assertFalse(self._reminders())

    @users("crm_ext_salesman")
    def test_deleting_the_note_removes_the_todo(self):
        note = self._note(reminder_date=date(2031, 1, 15))
        reminder = note.activity_id
        note.unlink()
        self.assertFalse(reminder.exists())

    @users("crm_ext_salesman")
    def test_reminder_added_later_and_again_after_done(self):
        note = self._note()
        note.reminder_date = date(2031, 1, 15)
        first = note.activity_id
        self.assertTrue(first)
        first.action_done()
        self.assertFalse(self._reminders(), "the reminder is done")
        note.reminder_date = date(2031, 3, 1)
        self.assertNotEqual(note.activity_id, first)
        self.assertEqual(self._reminders().date_deadline, date(2031, 3, 1))
        self.assertFalse(first.active, "the done reminder stays in the history")

    @users("crm_ext_salesman")
    def test_changing_the_author_reassigns_the_todo(self):
        note = self._note(reminder_date=date(2031, 1, 15))
        note.user_id = self.accountant
        self.assertEqual(note.activity_id.user_id, self.accountant)

    @users("crm_ext_salesman")
    def test_notes_counted_and_listed_on_the_card(self):
        self._note()
        self._note(date=date.today() - timedelta(days=200))
        self.env["res.partner.note"].create(
            {"partner_id": self.customer.id, "name": "Note société"}
        )
        contact, customer = self.env["res.partner"].browse(
            (self.contact + self.customer).ids
        )
        self.assertEqual(contact.note_count, 2)
        self.assertEqual(customer.note_count, 3, "with its contacts' notes")
        action = customer.action_view_partner_notes()
        self.assertEqual(action["res_model"], "res.partner.note")
        self.assertEqual(action["context"]["search_default_last_90_days"], 1)
        self.assertEqual(action["context"]["default_partner_id"], customer.id)
        self.assertEqual(self.env["res.partner.note"].search_count(action["domain"]), 3)

    @users("crm_ext_salesman")
    def test_last_90_days_filter_on_the_notes(self):
        arch = self.env["res.partner.note"].get_views([(False, "search")])["views"][
            "search"
        ]["arch"]
        self.assertIn('name="last_90_days"', arch)
        self.assertIn("relativedelta(days=90)", arch)
        arch = self.env["res.partner"].get_views([(False, "form")])["views"]["form"][
            "arch"
        ]
        self.assertIn('name="action_view_partner_notes"', arch)
