# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""The salesperson of a new contact (OpenFire: "par défaut le vendeur va être
l'utilisateur qui a créé et renseigné la fiche client").
"""

from odoo import api, models

# Set by create for contacts made in sudo (portal sign-up, the mail gateway,
# automated code): stored computes run in sudo, so the compute cannot tell.
NO_DEFAULT_SALESPERSON = "crm_contacts_ext_no_default_salesperson"


class ResPartner(models.Model):
    _inherit = "res.partner"  # pylint: disable=consider-merging-classes-inherited

    @api.depends("parent_id")
    def _compute_user_id(self):
        """Odoo gives a person or an address under a company the company's
        salesperson. A new top-level contact (a company, or a person without
        company) gets the user creating it when that user is an internal
        salesperson and the contact's company keeps the setting "Salesperson by
        default" (``res.company.partner_default_salesperson``).

        As a compute (precomputed at creation), it fills the field in the form,
        over RPC and in imports alike, only when the caller gives no
        ``user_id``; existing contacts are never touched. Contacts made by the
        superuser or in sudo (portal sign-up, the mail gateway) get none: no
        person chose to follow them.
        """
        res = super()._compute_user_id()
        user = self.env.user
        if (
            self.env.context.get(NO_DEFAULT_SALESPERSON)
            or user._is_superuser()
            or not user._is_internal()
            or not user.has_group("sales_team.group_sale_salesman")
        ):
            return res
        for partner in self:
            if partner._origin or not isinstance(partner.id, models.NewId):
                continue
            company = partner.company_id or self.env.company
            if not company.partner_default_salesperson:
                continue
            if not partner.parent_id:
                partner.user_id = partner.user_id or user
            elif partner.user_id == user:
                # In the form, the name typed before the company gave the
                # contact its creator: under a company, the company's.
                partner.user_id = partner.parent_id.user_id
        return res

    @api.model_create_multi
    def create(self, vals_list):
        partners = self
        if self.env.su:
            partners = self.with_context(**{NO_DEFAULT_SALESPERSON: True})
        return super(ResPartner, partners).create(vals_list)
