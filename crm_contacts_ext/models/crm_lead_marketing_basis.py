# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo import api, models

BASIS_FIELDS = {"partner_id", "company_id"}


class CrmLead(models.Model):
    """An opportunity or an inquiry gives its contact's company an implied
    consent for a few months (CASL s. 10(10)(c))."""

    _inherit = "crm.lead"  # pylint: disable=consider-merging-classes-inherited

    @api.model_create_multi
    def create(self, vals_list):
        leads = super().create(vals_list)
        self._partner_sync("basis", leads.partner_id.commercial_partner_id)
        return leads

    def write(self, vals):
        changed = BASIS_FIELDS & set(vals)
        before = self.partner_id if changed else self.env["res.partner"]
        res = super().write(vals)
        if changed:
            self._partner_sync(
                "basis", (before | self.partner_id).commercial_partner_id
            )
        return res

    def unlink(self):
        partners = self.partner_id.commercial_partner_id
        res = super().unlink()
        self._partner_sync("basis", partners.exists())
        return res
