# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo import api, fields, models


class SaleOrder(models.Model):
    _inherit = "sale.order"

    # OpenFire prints the customer's notes in the "note client" part of its
    # quotations; not stored: the contact's current note is what is printed.
    partner_customer_note = fields.Text(
        string="Customer Note",
        compute="_compute_partner_customer_note",
        help="The customer's note (its company's, then the person's own), printed "
        "on the quotation and shown on the customer portal.",
    )

    @api.depends("partner_id.customer_note", "partner_id.commercial_partner_id")
    def _compute_partner_customer_note(self):
        for order in self:
            order.partner_customer_note = (
                order.partner_id._customer_note_text() if order.partner_id else False
            ) or False
