# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo import api, models


class SaleOrder(models.Model):
    _name = "sale.order"
    _inherit = ("sale.order", "crm.contacts.ext.warning.mixin")
    _partner_warning_kind = "on_sale_order"

    @api.onchange("partner_id")
    def _onchange_partner_id_crm_ext_warning(self):
        return self._partner_warning_onchange("partner_id")

    @api.model_create_multi
    def create(self, vals_list):
        # Also covers copy() and the quotations made from an opportunity.
        self._partner_warning_check_reason_access(vals_list)
        orders = super().create(vals_list)
        orders._partner_warning_check()
        return orders

    def write(self, vals):
        res = super().write(vals)
        if "partner_id" in vals:
            self._partner_warning_check()
        return res

    def action_confirm(self):
        # The contact may have been blocked since the quotation was drafted.
        self._partner_warning_check()
        return super().action_confirm()
