# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo import api, models


class MailBlacklist(models.Model):
    """A blacklisted address withdraws the marketing basis of its contacts at
    once; lifting it gives them back what their history and documents give."""

    _inherit = "mail.blacklist"

    @api.model_create_multi
    def create(self, vals_list):
        entries = super().create(vals_list)
        entries._marketing_basis_update_partners()
        return entries

    def write(self, vals):
        emails = set(self.mapped("email"))
        res = super().write(vals)
        if {"email", "active"} & set(vals):
            self._marketing_basis_update_partners(emails)
        return res

    def unlink(self):
        emails = set(self.mapped("email"))
        res = super().unlink()
        self._marketing_basis_update_partners(emails)
        return res

    def _marketing_basis_update_partners(self, emails=()):
        emails = sorted({*emails, *self.exists().mapped("email")} - {False})
        if emails:
            self.env["res.partner"].sudo().with_context(active_test=False).search(
                [("email_normalized", "in", emails)]
            )._marketing_basis_update()
