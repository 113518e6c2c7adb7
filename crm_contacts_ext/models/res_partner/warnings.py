# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""Warnings of the contact (OpenFire "Avertissements") and the bad-debtor proposal."""

from odoo import api, fields, models
from odoo.fields import Command


class ResPartner(models.Model):
    _inherit = "res.partner"  # pylint: disable=consider-merging-classes-inherited

    partner_warning_ids = fields.One2many(
        "res.partner.warning",
        "partner_id",
        string="Warnings",
        # Inactive ones too: the proposals made for bad debtors, to switch on.
        context={"active_test": False},
        help="Messages shown, or blocking, when a document is made for this "
        "contact. Those of a company apply to all its contacts.",
    )
    company_warning_ids = fields.Many2many(
        "res.partner.warning",
        compute="_compute_company_warning_ids",
        string="Warnings of the company",
        help="The active warnings of the contacts above this one (its company, "
        "the group above it): they apply to this contact too. Edit them on their "
        "card.",
    )

    @api.depends("parent_id", "parent_id.partner_warning_ids.active")
    def _compute_company_warning_ids(self):
        """The warnings a contact inherits from the contacts above it, at any
        depth (OpenFire: a company's warning applies to all its contacts; a
        group's to its sub-companies), shown on the card so that a block is
        never a surprise."""
        for partner in self:
            # A contact without a parent inherits nothing: no query for it.
            ancestors = self.browse()
            parent = partner.parent_id
            while parent and parent not in ancestors:
                ancestors |= parent
                parent = parent.parent_id
            partner.company_warning_ids = (
                ancestors.partner_warning_ids.filtered("active") if ancestors else False
            )

    @api.onchange("trust")
    def _onchange_trust_propose_warning(self):
        """In the form, a bad debtor gets an active blocking warning on quotations
        and invoices, proposed in the list of warnings: the user sees it and may
        edit or remove it before saving."""
        if self.trust != "bad":
            return
        if any(
            warning.blocking and warning.on_sale_order and warning.on_invoice
            for warning in self.partner_warning_ids
        ):
            return
        self.partner_warning_ids = [
            Command.create(self._prepare_bad_debtor_warning_values())
        ]

    @api.model_create_multi
    def create(self, vals_list):
        partners = super().create(vals_list)
        partners.filtered(lambda p: p.trust == "bad")._propose_bad_debtor_warning()
        return partners

    def write(self, vals):
        res = super().write(vals)
        if vals.get("trust") == "bad":
            self._propose_bad_debtor_warning()
        return res

    def _propose_bad_debtor_warning(self):
        """Outside the form (import, RPC), a bad debtor without a blocking warning on
        quotations and invoices gets one *inactive*: a proposal that someone reviews
        and switches on in the list of warnings. Nobody is blocked by surprise."""
        Warning = self.env["res.partner.warning"].sudo().with_context(active_test=False)
        covered = Warning.search(
            [
                ("partner_id", "in", self.ids),
                ("blocking", "=", True),
                ("on_sale_order", "=", True),
                ("on_invoice", "=", True),
            ]
        ).partner_id
        Warning.create(
            [
                partner._prepare_bad_debtor_warning_values()
                | {"partner_id": partner.id, "active": False}
                for partner in self - covered
            ]
        )

    def _prepare_bad_debtor_warning_values(self):
        return {
            "message": self.env._("Bad debtor"),
            "blocking": True,
            "on_meeting": False,
            "on_opportunity": False,
            "on_sale_order": True,
            "on_invoice": True,
        }
