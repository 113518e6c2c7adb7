# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo import api, models


class CrmLead(models.Model):
    _name = "crm.lead"
    _inherit = ("crm.lead", "crm.contacts.ext.warning.mixin")
    _partner_warning_kind = "on_opportunity"

    @api.onchange("partner_id")
    def _onchange_partner_id_crm_ext_warning(self):
        return self._partner_warning_onchange("partner_id")

    @api.model_create_multi
    def create(self, vals_list):
        self._partner_warning_check_reason_access(vals_list)
        leads = super().create(vals_list)
        leads._partner_warning_check()
        return leads

    def write(self, vals):
        res = super().write(vals)
        if "partner_id" in vals:
            self._partner_warning_check()
        return res
