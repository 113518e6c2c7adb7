# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo import fields, models


class SaleMassCancelOrders(models.TransientModel):
    _inherit = "sale.mass.cancel.orders"

    lost_reason_id = fields.Many2one(
        "sale.order.lost.reason",
        help="Given to the selected orders that have no lost reason yet.",
    )

    def action_mass_cancel(self):
        if self.lost_reason_id:
            self.sale_order_ids.filtered(
                lambda order: not order.lost_reason_id
            ).lost_reason_id = self.lost_reason_id
        return super().action_mass_cancel()
