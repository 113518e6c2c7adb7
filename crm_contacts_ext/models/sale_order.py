# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo import models


class SaleOrder(models.Model):
    _inherit = "sale.order"

    def action_confirm(self):
        res = super().action_confirm()
        self.partner_id._mark_customer_on_confirmed_sale()
        return res
