"""A salesperson writes a note with a reminder on a contact, in Chromium."""

from datetime import date

from odoo.tests import tagged

from .common import TourCase


@tagged("standard", "post_install", "-at_install")
class TestPartnerNoteTour(TourCase):
    tour_login = "crm_ext_note_tour_salesman"

    def test_note_with_reminder_on_laura_secord(self):
        laura = self.env.ref("crm_contacts_ext.partner_laura_secord")
        self.run_tour(laura, "note_reminder")
        note = self.env["res.partner.note"].search(
            [("partner_id", "=", laura.id), ("name", "=", "Rappeler pour le catalogue")]
        )
        self.assertEqual(note.reminder_date, date(2031, 1, 15))
        self.assertEqual(note.user_id, self.salesman)
        reminder = note.activity_id
        self.assertEqual(reminder.user_id, self.salesman)
        self.assertEqual(reminder.date_deadline, date(2031, 1, 15))
        self.assertEqual(
            (reminder.res_model, reminder.res_id), ("res.partner", laura.id)
        )
