# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo import api, fields, models

from .input_check import check_input


class ResPartnerGrouping(models.Model):
    """Prextra's "Regroupement": a configurable code grouping contacts
    (buying group, network, region...) for lists and statistics."""

    _name = "res.partner.grouping"
    _description = "Contact Grouping"
    _order = "code, name"
    _rec_names_search = ("name", "code")

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True)
    active = fields.Boolean(default=True)
    partner_ids = fields.One2many("res.partner", "grouping_id", string="Contacts")

    _sql_constraints = (
        (
            "code_unique",
            "UNIQUE(code)",
            "A grouping with this code already exists: choose another code.",
        ),
    )

    @api.model_create_multi
    def create(self, vals_list):
        check_input(self, vals_list, create=True)
        return super().create(vals_list)

    def write(self, vals):
        check_input(self, [vals])
        return super().write(vals)

    @api.depends("code", "name")
    def _compute_display_name(self):
        for grouping in self:
            grouping.display_name = f"[{grouping.code}] {grouping.name}"
