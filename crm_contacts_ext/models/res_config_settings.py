# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    show_next_anniversary_setting = fields.Boolean(
        string="Show Next Anniversary",
        config_parameter="crm_contacts_ext.show_next_anniversary",
        help="On the contact card, show the date of the next anniversary instead "
        "of the birth date.",
    )
    mailing_consent_required = fields.Boolean(
        related="company_id.mailing_consent_required", readonly=False
    )
    partner_default_salesperson = fields.Boolean(
        related="company_id.partner_default_salesperson", readonly=False
    )
