# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo import api, models

BASIS_FIELDS = {"state", "partner_id", "date_order", "company_id"}


def _basis_kept(order):
    """Whether the confirmed ``order`` leaves its customer's basis as stored."""
    order = order.sudo()
    return order.partner_id.commercial_partner_id._marketing_basis_kept(
        order,
        order.date_order.date(),  # the UTC day, as the basis query's
        order.company_id.implied_consent_purchase_months,
    )


class SaleOrder(models.Model):
    """A confirmed order gives its customer's company an implied consent
    (CASL s. 10(10)(a)); cancelling it takes it back."""

    _inherit = "sale.order"  # pylint: disable=consider-merging-classes-inherited

    @api.model_create_multi
    def create(self, vals_list):
        orders = super().create(vals_list)
        orders.filtered(
            lambda o: o.state == "sale"
        ).partner_id.commercial_partner_id.sudo()._marketing_basis_update()
        return orders

    def write(self, vals):
        if not BASIS_FIELDS & set(vals):
            return super().write(vals)
        # Only confirmed orders count: a draft's customer changing (even to
        # nothing, as Odoo's partner warning does in the form) changes no basis.
        before = self.filtered(lambda o: o.state == "sale")
        partners = before.partner_id
        res = super().write(vals)
        after = self.filtered(lambda o: o.state == "sale")
        if not before and len(after) == 1:
            # One document only added (a batch runs the one update for all:
            # not a search per document).
            after = after.filtered(lambda order: not _basis_kept(order))
        (
            partners | after.partner_id
        ).commercial_partner_id.sudo()._marketing_basis_update()
        return res
