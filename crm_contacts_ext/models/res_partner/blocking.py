# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError


# One file per concern of res.partner, as mail/models/discuss/res_partner.py: the
# partner model is being split that way (res_partner.py stays untouched meanwhile).
class ResPartner(models.Model):
    """Who may propose and keep blocks on a contact (issue 23).

    The debtor trust is accounting data: Odoo 18 shows it nowhere and guards the
    partner's credit data (credit limit, account/models/partner.py) with the
    groups Invoicing and Accounting read-only; the trust gets the same groups, so
    only they see it and set a contact "Bad debtor" (and so propose a block).
    """

    _inherit = "res.partner"  # pylint: disable=consider-merging-classes-inherited

    trust = fields.Selection(
        groups="account.group_account_invoice,account.group_account_readonly"
    )

    @api.onchange("trust")
    def _onchange_trust_propose_warning(self):
        """Only those who manage blocks get the proposal active in the form;
        for the others saving makes it inactive (_propose_bad_debtor_warning),
        for a member of “Manage blocking warnings” to switch on."""
        if self.env["res.partner.warning"]._may_manage_blocks():
            return super()._onchange_trust_propose_warning()
        if self.trust != "bad":
            return None
        return {
            "warning": {
                "title": self.env._("Bad debtor"),
                "message": self.env._(
                    "Saving proposes an inactive blocking warning on quotations "
                    "and invoices; a member of “Manage blocking warnings” switches "
                    "it on."
                ),
                "type": "notification",
            }
        }

    @api.ondelete(at_uninstall=False)
    def _unlink_except_warning_that_blocked(self):
        """The warnings go with the contact (ondelete cascade, no unlink of their
        own): deleting the contact must not lift a block. Only the members of
        “Manage blocking warnings” delete a contact under a blocking warning, and
        a contact whose blocking warning refused or let through a document is
        archived."""
        Warning = self.env["res.partner.warning"]
        all_warnings = self.sudo().with_context(active_test=False).partner_warning_ids
        blocking = all_warnings.filtered("blocking")
        if blocking and not Warning._may_manage_blocks():
            raise AccessError(blocking[0]._block_change_refusal())
        warnings = all_warnings.filtered("last_block_date")
        if warnings:
            raise UserError(
                self.env._(
                    "%(partner)s has a blocking warning that has already blocked "
                    "or been overridden (“%(message)s”): it is kept as the record "
                    "of the block. Archive the contact instead of deleting it.",
                    partner=warnings[0].partner_id.display_name,
                    message=warnings[0].message,
                )
            )
