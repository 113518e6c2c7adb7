# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo import models

BASIS_FIELDS = {"state", "partner_id", "invoice_date", "move_type", "company_id"}


class AccountMove(models.Model):
    """A posted customer invoice gives its customer an implied consent (CASL
    s. 10(10)(a)); resetting it to draft or cancelling it takes it back."""

    _inherit = "account.move"  # pylint: disable=consider-merging-classes-inherited

    def write(self, vals):
        changed = BASIS_FIELDS & set(vals)
        invoices = (
            self.filtered(lambda m: m.move_type == "out_invoice")
            if changed
            else self.browse()
        )
        before = invoices.commercial_partner_id
        res = super().write(vals)
        if changed:
            invoices = self.filtered(lambda m: m.move_type == "out_invoice")
            (before | invoices.commercial_partner_id).sudo()._marketing_basis_update()
        return res
