# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo import api, fields, models


class CalendarEvent(models.Model):
    _inherit = "calendar.event"

    # OpenFire shows the customer notes in its "planning d'intervention".
    partner_customer_note = fields.Text(
        string="Customer Notes",
        compute="_compute_partner_customer_note",
        help="The customer notes of the attendees who are not users of the "
        "database, each under its contact's name.",
    )

    @api.depends(
        "partner_ids.customer_note", "partner_ids.commercial_partner_id.customer_note"
    )
    def _compute_partner_customer_note(self):
        for event in self:
            notes = []
            customers = event.partner_ids.filtered(
                lambda partner: not partner.user_ids.filtered(lambda u: not u.share)
            )
            for partner in customers:
                note = partner._customer_note_text()
                if note:
                    notes.append(f"{partner.display_name}:\n{note}")
            event.partner_customer_note = "\n\n".join(notes) or False
