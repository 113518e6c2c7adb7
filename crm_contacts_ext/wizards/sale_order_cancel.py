# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo import fields, models


class SaleOrderCancel(models.TransientModel):
    _inherit = "sale.order.cancel"

    lost_reason_id = fields.Many2one(
        "sale.order.lost.reason",
        help="Why the sale was lost; required to cancel.",
    )

    def action_cancel(self):
        if self.lost_reason_id:
            self.order_id.lost_reason_id = self.lost_reason_id
        return super().action_cancel()
