# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo import api, fields, models
from odoo.tools import float_compare, float_is_zero


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    # Odoo reads `product_id.invoice_policy` where the line is invoiced; the
    # customer's policy (res.partner `invoice_policy`) comes first. Not stored:
    # like Odoo's, the policy is read when the quantities change, and changing it
    # does not rewrite the lines already computed.
    invoice_policy = fields.Selection(
        [("order", "Ordered quantities"), ("delivery", "Delivered quantities")],
        string="Invoicing Policy",
        compute="_compute_invoice_policy",
        help="The customer's invoicing policy when it has one, else the product's.",
    )

    @api.depends("product_id", "order_id.partner_id", "company_id")
    def _compute_invoice_policy(self):
        for line in self:
            customer = line.order_id.partner_id.commercial_partner_id
            line.invoice_policy = (
                customer.with_company(
                    line.company_id or line.env.company
                ).invoice_policy
                or line.product_id.invoice_policy
            )

    def _lines_with_customer_policy(self):
        """The lines whose customer's policy differs from their product's: those
        whose invoicing Odoo's sale would get wrong by reading the product."""
        return self.filtered(
            lambda line: (
                not line.display_type
                and line.product_id.type != "combo"
                and line.invoice_policy != line.product_id.invoice_policy
            )
        )

    def _invoiced_uom_qty(self):
        """The quantity the line is invoiced on under its policy."""
        self.ensure_one()
        if self.invoice_policy == "delivery":
            return self.qty_delivered
        return self.product_uom_qty

    # sale.order.line._compute_qty_to_invoice, with the line's policy.
    @api.depends("qty_invoiced", "qty_delivered", "product_uom_qty", "state")
    def _compute_qty_to_invoice(self):
        res = super()._compute_qty_to_invoice()
        lines = self._lines_with_customer_policy().filtered(
            lambda line: line.state == "sale"
        )
        for line in lines:
            line.qty_to_invoice = line._invoiced_uom_qty() - line.qty_invoiced
        # A combo line is invoiceable when one of its items is.
        for combo_line in lines.linked_line_id.filtered(
            lambda line: line.product_id.type == "combo" and line.state == "sale"
        ):
            invoiceable = any(
                item.combo_item_id and item.qty_to_invoice
                for item in combo_line.linked_line_ids
            )
            combo_line.qty_to_invoice = (
                combo_line.product_uom_qty - combo_line.qty_invoiced
                if invoiceable
                else 0
            )

        # sale.order.line._compute_invoice_status: "upselling" only for lines
        # invoiced on ordered quantities.
        return res

    @api.depends(
        "state", "product_uom_qty", "qty_delivered", "qty_to_invoice", "qty_invoiced"
    )
    def _compute_invoice_status(self):
        res = super()._compute_invoice_status()
        precision = self.env["decimal.precision"].precision_get(
            "Product Unit of Measure"
        )
        for line in self._lines_with_customer_policy().filtered(
            lambda line: line.state == "sale" and not line.is_downpayment
        ):
            if not float_is_zero(line.qty_to_invoice, precision_digits=precision):
                line.invoice_status = "to invoice"
            elif (
                line.invoice_policy == "order"
                and line.product_uom_qty >= 0.0
                and float_compare(
                    line.qty_delivered,
                    line.product_uom_qty,
                    precision_digits=precision,
                )
                == 1
            ):
                line.invoice_status = "upselling"
            elif (
                float_compare(
                    line.qty_invoiced,
                    line.product_uom_qty,
                    precision_digits=precision,
                )
                >= 0
            ):
                line.invoice_status = "invoiced"
            else:
                line.invoice_status = "no"

        # sale.order.line._compute_untaxed_amount_to_invoice: the total to invoice
        # counts the quantity of the line's policy.
        return res

    @api.depends(
        "state",
        "product_id",
        "untaxed_amount_invoiced",
        "qty_delivered",
        "product_uom_qty",
        "price_unit",
    )
    def _compute_untaxed_amount_to_invoice(self):
        res = super()._compute_untaxed_amount_to_invoice()
        for line in self._lines_with_customer_policy().filtered(
            lambda line: line.state == "sale"
        ):
            qty = line._invoiced_uom_qty()
            price_reduce = line.price_unit * (1 - (line.discount or 0.0) / 100.0)
            price_subtotal = price_reduce * qty
            if line.tax_id.filtered("price_include"):
                price_subtotal = line.tax_id.compute_all(
                    price_reduce,
                    currency=line.currency_id,
                    quantity=qty,
                    product=line.product_id,
                    partner=line.order_id.partner_shipping_id,
                )["total_excluded"]
            inv_lines = line._get_invoice_lines()
            if any(inv_line.discount != line.discount for inv_line in inv_lines):
                amount = 0.0
                for inv_line in inv_lines:
                    price_unit = inv_line.currency_id._convert(
                        inv_line.price_unit,
                        line.currency_id,
                        line.company_id,
                        inv_line.date or fields.Date.today(),
                        round=False,
                    )
                    if inv_line.tax_ids.filtered("price_include"):
                        amount += inv_line.tax_ids.compute_all(
                            price_unit * inv_line.quantity
                        )["total_excluded"]
                    else:
                        amount += price_unit * inv_line.quantity
                line.untaxed_amount_to_invoice = max(price_subtotal - amount, 0)
            else:
                line.untaxed_amount_to_invoice = (
                    price_subtotal - line.untaxed_amount_invoiced
                )

        # sale.order.line._compute_amount_to_invoice (taxes included).
        return res

    @api.depends(
        "discount",
        "price_total",
        "product_uom_qty",
        "qty_delivered",
        "qty_invoiced_posted",
    )
    def _compute_amount_to_invoice(self):
        res = super()._compute_amount_to_invoice()
        for line in self._lines_with_customer_policy().filtered("product_uom_qty"):
            qty_to_invoice = line._invoiced_uom_qty() - line.qty_invoiced_posted
            unit_price_total = line.price_total / line.product_uom_qty
            line.amount_to_invoice = unit_price_total * qty_to_invoice
        return res
