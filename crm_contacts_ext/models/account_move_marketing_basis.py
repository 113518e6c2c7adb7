# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo import models

BASIS_FIELDS = {"state", "partner_id", "invoice_date", "move_type", "company_id"}


def _counts_for_basis(move):
    return move.move_type == "out_invoice" and move.state == "posted"


def _basis_kept(move):
    """Whether the posted invoice ``move`` leaves its customer's basis as stored."""
    move = move.sudo()
    return move.commercial_partner_id._marketing_basis_kept(
        move, move.invoice_date, move.company_id.implied_consent_purchase_months
    )


class AccountMove(models.Model):
    """A posted customer invoice gives its customer an implied consent (CASL
    s. 10(10)(a)); resetting it to draft or cancelling it takes it back."""

    _inherit = "account.move"  # pylint: disable=consider-merging-classes-inherited

    def write(self, vals):
        if not BASIS_FIELDS & set(vals):
            return super().write(vals)
        # Only posted customer invoices count: the many writes Odoo makes on a
        # draft while it is built change no basis (bench: +6 queries an invoice).
        before = self.filtered(_counts_for_basis)
        partners = before.commercial_partner_id
        res = super().write(vals)
        after = self.filtered(_counts_for_basis)
        if not before and len(after) == 1:
            # One document only added (a batch runs the one update for all:
            # not a search per document).
            after = after.filtered(lambda move: not _basis_kept(move))
        (partners | after.commercial_partner_id).sudo()._marketing_basis_update()
        return res
