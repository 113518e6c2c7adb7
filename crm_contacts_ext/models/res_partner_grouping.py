# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo import api, fields, models


class ResPartnerGrouping(models.Model):
    """Prextra's "Regroupement": a configurable code grouping contacts
    (buying group, network, region...) for lists and statistics."""

    _name = "res.partner.grouping"
    _inherit = "input.check.mixin"
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

    @api.depends("code", "name")
    def _compute_display_name(self):
        for grouping in self:
            grouping.display_name = f"[{grouping.code}] {grouping.name}"
