# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo import api, fields, models

from .input_check import check_input


class ResPartnerNote(models.Model):
    """A dated note on a contact, with an optional reminder for its author.

    The reminder is a plain to-do activity on the contact, so it shows in the
    author's activities (systray, "My activities") and in the contact's chatter.
    """

    _name = "res.partner.note"
    _description = "Contact Note"
    _order = "date desc, id desc"

    partner_id = fields.Many2one(
        "res.partner",
        string="Contact",
        required=True,
        index=True,
        ondelete="cascade",
    )
    name = fields.Char(string="Subject", required=True)
    date = fields.Date(required=True, default=fields.Date.context_today, index=True)
    reminder_date = fields.Date(
        help="A to-do is scheduled for the author on this date.",
    )
    body = fields.Html(string="Note")
    user_id = fields.Many2one(
        "res.users",
        string="Author",
        required=True,
        default=lambda self: self.env.user,
        index=True,
    )
    company_id = fields.Many2one(
        "res.company",
        required=True,
        default=lambda self: self.env.company,
        index=True,
    )
    activity_id = fields.Many2one(
        "mail.activity",
        string="Reminder",
        readonly=True,
        copy=False,
        ondelete="set null",
    )

    @api.model_create_multi
    def create(self, vals_list):
        check_input(self, vals_list, create=True)
        notes = super().create(vals_list)
        notes._sync_reminder()
        return notes

    def write(self, vals):
        check_input(self, [vals])
        res = super().write(vals)
        if {"reminder_date", "user_id", "partner_id", "name"} & set(vals):
            self._sync_reminder()
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_reminder(self):
        self.activity_id.filtered("active").unlink()

    def _sync_reminder(self):
        """Create, move or remove the to-do that carries each note's reminder.

        A reminder already marked done is left in the history; a new date then
        schedules a new to-do.
        """
        todo = self.env.ref("mail.mail_activity_data_todo")
        partner_model = self.env["ir.model"]._get_id("res.partner")
        to_create = []
        notes_to_link = self.browse()
        for note in self:
            activity = note.activity_id.filtered("active")
            if not note.reminder_date:
                activity.unlink()
                continue
            values = {
                "res_model_id": partner_model,
                "res_id": note.partner_id.id,
                "user_id": note.user_id.id,
                "date_deadline": note.reminder_date,
                "summary": note.name,
            }
            if activity:
                activity.write(values)
            else:
                to_create.append(dict(values, activity_type_id=todo.id, note=note.body))
                notes_to_link |= note
        activities = self.env["mail.activity"].create(to_create)
        for note, activity in zip(notes_to_link, activities, strict=True):
            note.activity_id = activity
