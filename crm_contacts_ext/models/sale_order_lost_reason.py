# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo import fields, models


class SaleOrderLostReason(models.Model):
    """Why a quotation was lost (Prextra's reason codes on "Occasions de vente").

    Odoo Community has lost reasons for opportunities only (crm.lost.reason);
    quotations need their own configurable codes.
    """

    _name = "sale.order.lost.reason"
    _inherit = "input.check.mixin"
    _description = "Quotation Lost Reason"
    _order = "sequence, code, id"

    sequence = fields.Integer(default=10)
    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True)
    active = fields.Boolean(default=True)

    _sql_constraints = (
        (
            "code_unique",
            "unique(code)",
            "A lost reason with this code already exists: choose another code.",
        ),
    )

    def _compute_display_name(self):
        for reason in self:
            reason.display_name = f"[{reason.code}] {reason.name}"
