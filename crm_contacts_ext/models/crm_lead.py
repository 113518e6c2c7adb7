# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo import api, models

# Changing one of these on an opportunity may change which one is the partner's
# most recent, or what it says.
UTM_SYNC_FIELDS = ("partner_id", "campaign_id", "source_id", "medium_id", "type")


class CrmLead(models.Model):
    _inherit = "crm.lead"

    @api.model_create_multi
    def create(self, vals_list):
        leads = super().create(vals_list)
        leads.partner_id._sync_utm_from_opportunities()
        return leads

    def write(self, vals):
        if not any(name in vals for name in UTM_SYNC_FIELDS):
            return super().write(vals)
        before = self.partner_id
        result = super().write(vals)
        (before | self.partner_id)._sync_utm_from_opportunities()
        return result

    def unlink(self):
        partners = self.partner_id
        result = super().unlink()
        partners.exists()._sync_utm_from_opportunities()
        return result
