# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from .input_check import is_id

#: an opportunity in these states keeps its product lines as they were
LOCKED_STATUSES = ("won", "lost")


class CrmLeadProductLine(models.Model):
    """A product line of an opportunity (Prextra's "Opportunités" detail).

    The adjusted price is the price the salesperson negotiates; it starts at
    the unit price so that the usual case needs no typing.
    """

    _name = "crm.lead.product.line"
    _inherit = "input.check.mixin"
    _description = "Opportunity Product Line"
    _order = "lead_id, sequence, id"
    _check_company_auto = True

    sequence = fields.Integer(default=10)
    lead_id = fields.Many2one(
        "crm.lead",
        string="Opportunity",
        required=True,
        index=True,
        ondelete="cascade",
    )
    company_id = fields.Many2one(related="lead_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="lead_id.company_currency")
    product_id = fields.Many2one(
        "product.product",
        domain=[("sale_ok", "=", True)],
        ondelete="restrict",
        check_company=True,
    )
    name = fields.Char(
        string="Description",
        compute="_compute_name",
        precompute=True,
        store=True,
        readonly=False,
        required=True,
    )
    product_uom_category_id = fields.Many2one(related="product_id.uom_id.category_id")
    product_uom_id = fields.Many2one(
        "uom.uom",
        string="Unit of Measure",
        compute="_compute_product_uom_id",
        precompute=True,
        store=True,
        readonly=False,
        domain="[('category_id', '=', product_uom_category_id)]",
    )
    product_uom_qty = fields.Float(
        string="Quantity",
        digits="Product Unit of Measure",
        default=1.0,
    )
    cost = fields.Float(
        compute="_compute_cost",
        precompute=True,
        store=True,
        readonly=False,
        digits="Product Price",
    )
    price_unit = fields.Float(
        string="Unit Price",
        compute="_compute_price_unit",
        precompute=True,
        store=True,
        readonly=False,
        digits="Product Price",
    )
    adjusted_price = fields.Float(
        compute="_compute_adjusted_price",
        precompute=True,
        store=True,
        readonly=False,
        digits="Product Price",
        help="Negotiated unit price; starts at the unit price.",
    )
    discount = fields.Float(string="Discount (%)", digits="Discount")
    price_subtotal = fields.Monetary(
        string="Subtotal",
        compute="_compute_price_subtotal",
        precompute=True,
        store=True,
        currency_field="currency_id",
    )

    margin = fields.Monetary(
        compute="_compute_margin",
        store=True,
        currency_field="currency_id",
        help="Subtotal less the cost of the quantity.",
    )
    margin_percent = fields.Float(
        string="Margin (%)",
        compute="_compute_margin",
        store=True,
        aggregator="avg",
        help="Margin over the subtotal.",
    )

    @api.depends("product_id")
    def _compute_name(self):
        for line in self.filtered("product_id"):
            line.name = line.product_id.get_product_multiline_description_sale()

    @api.depends("product_id")
    def _compute_product_uom_id(self):
        for line in self:
            if not line.product_uom_id or (
                line.product_id
                and line.product_uom_id.category_id
                != line.product_id.uom_id.category_id
            ):
                line.product_uom_id = line.product_id.uom_id

    @api.depends("product_id")
    def _compute_cost(self):
        for line in self.filtered("product_id"):
            line.cost = line.product_id.standard_price

    @api.depends("product_id", "product_uom_id")
    def _compute_price_unit(self):
        for line in self.filtered("product_id"):
            price = line.product_id.lst_price
            if line.product_uom_id and line.product_uom_id != line.product_id.uom_id:
                price = line.product_id.uom_id._compute_price(
                    price, line.product_uom_id
                )
            line.price_unit = price

    @api.depends("price_unit")
    def _compute_adjusted_price(self):
        for line in self:
            line.adjusted_price = line.price_unit

    @api.depends("product_uom_qty", "adjusted_price", "discount")
    def _compute_price_subtotal(self):
        for line in self:
            line.price_subtotal = (
                line.product_uom_qty
                * line.adjusted_price
                * (1.0 - (line.discount or 0.0) / 100.0)
            )

    @api.depends("price_subtotal", "cost", "product_uom_qty")
    def _compute_margin(self):
        for line in self:
            line.margin = line.price_subtotal - line.cost * line.product_uom_qty
            line.margin_percent = (
                line.margin / line.price_subtotal if line.price_subtotal else 0.0
            )

    @api.constrains("product_uom_qty")
    def _check_product_uom_qty(self):
        for line in self:
            if line.product_uom_qty < 0:
                raise ValidationError(
                    self.env._(
                        "The quantity of the line “%(line)s” cannot be negative "
                        "(%(qty)s). Enter a quantity of zero or more.",
                        line=line.name,
                        qty=line.product_uom_qty,
                    )
                )

    @api.constrains("discount")
    def _check_discount(self):
        for line in self:
            if not 0.0 <= line.discount <= 100.0:
                raise ValidationError(
                    self.env._(
                        "The discount of the line “%(line)s” must be between 0 and "
                        "100 %% (you entered %(discount)s).",
                        line=line.name,
                        discount=line.discount,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        # Ids only: other values are refused by the input check (super).
        leads = self.env["crm.lead"].browse(
            {vals["lead_id"] for vals in vals_list if is_id(vals.get("lead_id"))}
        )
        self._check_lines_not_locked(leads)
        return super().create(vals_list)

    def write(self, vals):
        self._check_lines_not_locked(self.lead_id)
        if is_id(vals.get("lead_id")):
            self._check_lines_not_locked(self.lead_id.browse(vals["lead_id"]))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_locked(self):
        self._check_lines_not_locked(self.lead_id)

    def _check_lines_not_locked(self, leads):
        """Refuse to change the product lines of won or lost opportunities: they
        are the record of what was won or lost (Prextra locks a closed
        opportunity). Restoring or reopening the opportunity unlocks them.

        :param leads: crm.lead recordset whose lines would change
        :raise UserError: when one of them is won or lost
        """
        if self.env.su:
            return
        locked = leads.exists().filtered(
            lambda lead: lead.opportunity_status in LOCKED_STATUSES
        )
        if locked:
            raise UserError(
                self.env._(
                    "The product lines of “%(opportunity)s” cannot be changed: the "
                    "opportunity is won or lost. Restore it or move it back to an "
                    "open stage first.",
                    opportunity=locked[0].display_name,
                )
            )
