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

    # OpenFire: "par défaut le vendeur va être l'utilisateur qui a créé et
    # renseigné la fiche client".
    partner_default_salesperson = fields.Boolean(
        string="Salesperson by Default",
        default=True,
        help="A new company, or a person without company, created by a "
        "salesperson gets that salesperson when none is given.",
    )
