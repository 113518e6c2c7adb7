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
    implied_consent_purchase_months = fields.Integer(
        related="company_id.implied_consent_purchase_months", readonly=False
    )
    implied_consent_inquiry_months = fields.Integer(
        related="company_id.implied_consent_inquiry_months", readonly=False
    )
    express_consent_months = fields.Integer(
        related="company_id.express_consent_months", readonly=False
    )
    consent_confirmation_days = fields.Integer(
        related="company_id.consent_confirmation_days", readonly=False
    )
    prospect_retention_months = fields.Integer(
        related="company_id.prospect_retention_months", readonly=False
    )
    auto_anonymise_dormant = fields.Boolean(
        related="company_id.auto_anonymise_dormant", readonly=False
    )
