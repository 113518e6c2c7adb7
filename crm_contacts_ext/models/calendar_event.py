# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo import fields, models

from .mail_activity import PRIORITY_SELECTION


class CalendarEvent(models.Model):
    _inherit = "calendar.event"

    # Appointments are prioritised like to-dos, so both sort together on the card.
    priority = fields.Selection(
        PRIORITY_SELECTION, default="medium", required=True, index=True
    )
