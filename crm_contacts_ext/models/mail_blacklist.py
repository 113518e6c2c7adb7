# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from contextlib import contextmanager

from odoo import api, models

# Addresses whose contacts' marketing basis is still to update (see
# _marketing_basis_deferred), in the transaction's precommit data: not in the
# context, which an RPC client could send to skip the update.
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
        deferred = self.env.cr.precommit.data.get(DEFERRED_EMAILS)
        if deferred is not None:
            # Inside _marketing_basis_deferred: its caller updates the basis
            # once for all it changed.
            deferred.update(emails)
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
    @contextmanager
    def _marketing_basis_deferred(self, partners):
        """Within the block, blacklist changes do not update their contacts'
        marketing basis; when it ends, the basis of ``partners`` and of the
        contacts (archived ones too) of the addresses whose blacklisting
        changed is updated in one go (a consent event changes the blacklist
        and the contact's history at once: one update instead of two).

        :param partners: res.partner whose basis is updated at the end
        """
        data = self.env.cr.precommit.data
        outer = data.get(DEFERRED_EMAILS)
        emails = data[DEFERRED_EMAILS] = set()
        try:
            yield
        finally:
            if outer is None:
                data.pop(DEFERRED_EMAILS, None)
            else:
                data[DEFERRED_EMAILS] = outer
        (
            partners.sudo() | self._marketing_basis_partners(emails)
        )._marketing_basis_update()
