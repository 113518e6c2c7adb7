# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo import api, models


class AccountMove(models.Model):
    _name = "account.move"
    _inherit = ("account.move", "crm.contacts.ext.warning.mixin")
    _partner_warning_kind = "on_invoice"

    @api.onchange("partner_id")
    def _onchange_partner_id_crm_ext_warning(self):
        return self._partner_warning_onchange("partner_id")

    @api.model_create_multi
    def create(self, vals_list):
        # Also covers copy(), credit notes and the invoices made from orders.
        self._partner_warning_check_reason_access(vals_list)
        moves = super().create(vals_list)
        moves._partner_warning_check()
        return moves

    def write(self, vals):
        res = super().write(vals)
        if "partner_id" in vals or "move_type" in vals:
            self._partner_warning_check()
        return res

    def _post(self, soft=True):
        # The customer may have been blocked since the invoice was drafted.
        self._partner_warning_check()
        return super()._post(soft=soft)

    def _partner_warning_depends(self):
        return super()._partner_warning_depends() + ["move_type"]

    def _partner_warning_applies(self):
        """Customer invoices and credit notes only, as in the source."""
        self.ensure_one()
        return self.move_type in ("out_invoice", "out_refund")
