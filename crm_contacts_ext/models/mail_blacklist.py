# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo import api, models

# Addresses whose contacts' marketing basis is still to update (see
# _marketing_basis_update_partners), in the transaction's precommit data.
DEFERRED_EMAILS = "marketing_basis.deferred_emails"


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
        emails = {*emails, *self.exists().mapped("email")} - {False}
        if self.env.context.get("marketing_basis_deferred"):
            # The caller updates the basis once for all it changed (a consent
            # event changes the blacklist and the contact's history at once).
            self.env.cr.precommit.data.setdefault(DEFERRED_EMAILS, set()).update(emails)
        elif emails:
            self._marketing_basis_partners(emails)._marketing_basis_update()

    @api.model
    def _marketing_basis_partners(self, emails):
        """The contacts (archived ones too) using these normalized addresses.

        :param emails: iterable of normalized email addresses (str)
        :rtype: res.partner (sudo)
        """
        if not emails:
            return self.env["res.partner"].sudo()
        return (
            self.env["res.partner"]
            .sudo()
            .with_context(active_test=False)
            .search([("email_normalized", "in", sorted(emails))])
        )

    @api.model
    def _marketing_basis_deferred_partners(self):
        """The contacts of the addresses whose blacklisting changed under the
        context key ``marketing_basis_deferred`` since the last call, whose basis
        is still to update (the set is emptied).

        :rtype: res.partner (sudo)
        """
        return self._marketing_basis_partners(
            self.env.cr.precommit.data.pop(DEFERRED_EMAILS, ())
        )
