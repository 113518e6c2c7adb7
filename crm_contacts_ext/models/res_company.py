# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    mailing_consent_required = fields.Boolean(
        string="Mass mailings need consent",
        default=True,
        help="Mass mailings to contacts only reach those whose latest consent "
        "event is a grant.",
    )
