# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo import fields, models


class ResPartnerContactRole(models.Model):
    """What a contact does for its company (Prextra's "Type de contact").

    Documents look roles up by ``code`` so that administrators may rename or
    translate them freely.
    """

    _name = "res.partner.contact.role"
    _inherit = "input.check.mixin"
    _description = "Contact Role"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(
        required=True,
        help="Technical key used by documents to find the contact of this role.",
    )
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)

    _sql_constraints = (
        ("code_unique", "UNIQUE(code)", "Another contact role already has this code."),
    )
