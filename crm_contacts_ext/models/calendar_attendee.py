# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo import fields, models


class CalendarAttendee(models.Model):
    _inherit = "calendar.attendee"

    # The card's Activities (res.partner.activity.report) find a contact's
    # appointments by its attendee rows, and the appointments of its documents
    # it does not attend by the event's attendees: without these indexes each
    # card read every attendee row of the database (Odoo indexes neither).
    partner_id = fields.Many2one(index=True)
    event_id = fields.Many2one(index=True)
