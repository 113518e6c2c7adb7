# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo import api, fields, models

from .mail_activity import PRIORITY_SELECTION


class CalendarEvent(models.Model):
    _name = "calendar.event"
    _inherit = ("calendar.event", "partner.warning.mixin")
    _partner_warning_kind = "on_meeting"
    _partner_warning_fields = ("partner_ids", "opportunity_id")

    # Appointments are prioritised like to-dos, so both sort together on the card.
    priority = fields.Selection(
        PRIORITY_SELECTION, default="medium", required=True, index=True
    )
    # The appointments of a quotation or an invoice are found by their document
    # on the card's Activities (res.partner.activity.report): Odoo does not
    # index the document of an appointment (only its opportunity).
    res_id = fields.Many2oneReference(index=True)

    @api.onchange("partner_ids")
    def _onchange_partner_ids_partner_warning(self):
        return self._partner_warning_onchange("partner_ids")

    def _partner_warning_depends(self):
        return ["partner_ids", "opportunity_id.partner_id"]

    def _partner_warning_partners(self):
        """Every attendee, and the customer of the opportunity."""
        self.ensure_one()
        return self.partner_ids | self.opportunity_id.partner_id

    def _partner_warning_company(self):
        self.ensure_one()
        # Events have no company: the one of the opportunity, else the user's.
        return self.opportunity_id.company_id or self.env.company

    def message_new(self, msg_dict, custom_values=None):
        # An email of a contact under a blocking warning is kept: the document is
        # made without the contact and flagged (see the warning mixin).
        with self._partner_warning_holding():
            return super().message_new(msg_dict, custom_values=custom_values)
