# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo import api, models


class SaleOrder(models.Model):
    _inherit = "sale.order"

    @api.depends("user_id", "company_id", "opportunity_id")
    def _compute_warehouse_id(self):
        """A quotation made from an opportunity ships from the opportunity's
        warehouse (when it belongs to the quotation's company); otherwise
        sale_stock's default (the salesperson's warehouse)."""
        res = super()._compute_warehouse_id()
        for order in self:
            warehouse = order.opportunity_id.warehouse_id
            if (
                warehouse
                and warehouse.company_id == order.company_id
                and (order.state in ("draft", "sent") or not order.ids)
            ):
                order.warehouse_id = warehouse
        return res
