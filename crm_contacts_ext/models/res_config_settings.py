# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    mailing_consent_required = fields.Boolean(
        related="company_id.mailing_consent_required", readonly=False
    )
