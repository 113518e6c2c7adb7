# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo import models


class AccountMoveLine(models.Model):
    _inherit = "account.move.line"

    def _sale_create_reinvoice_sale_line(self):
        """Re-invoiced expenses: Odoo adds an expense at sales price to the order
        line already holding that product when the product is invoiced on
        delivered quantities. For a customer invoiced on ordered quantities
        (res.partner ``invoice_policy``) that line's ordered quantity would not
        grow and the expense would never be invoiced: each expense gets a line
        of its own there, as for a product invoiced on ordered quantities.

        :return: {move line id: sale.order.line}, as Odoo's
        """
        orders = self._sale_determine_order()
        ordered = self.filtered(
            lambda line: (
                orders.get(line.id)
                and orders[line.id]
                .partner_id.commercial_partner_id.with_company(
                    orders[line.id].company_id
                )
                .invoice_policy
                == "order"
            )
        )
        result = super(
            AccountMoveLine, self - ordered
        )._sale_create_reinvoice_sale_line()
        if ordered:
            result.update(
                super(
                    AccountMoveLine, ordered.with_context(force_split_lines=True)
                )._sale_create_reinvoice_sale_line()
            )
        return result
