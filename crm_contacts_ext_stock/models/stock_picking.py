# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo import models


class StockPicking(models.Model):
    _inherit = "stock.picking"

    def _action_done(self):
        """A product delivered without being ordered gets a sales order line
        (sale_stock), priced by the product's invoicing policy: nothing when it
        is invoiced on ordered quantities, the ordered line's price when on
        delivered ones. The customer's policy (res.partner ``invoice_policy``)
        comes first: the line is priced by the policy it is invoiced on."""
        unlinked_moves = self.move_ids.filtered(
            lambda move: move.picking_id.sale_id and not move.sale_line_id
        )
        res = super()._action_done()
        new_lines = unlinked_moves.sale_line_id.filtered(
            lambda line: line.invoice_policy != line.product_id.invoice_policy
        )
        for line in new_lines:
            if line.invoice_policy == "order":
                line.price_unit = 0.0
                continue
            ordered = (line.order_id.order_line - new_lines).filtered(
                lambda other, line=line: other.product_id == line.product_id
            )
            if ordered:
                line.price_unit = ordered[0].price_unit
            else:
                line.with_context(force_price_recomputation=True)._compute_price_unit()
        return res
