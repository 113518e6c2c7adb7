# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo import api, models


class AccountMoveSend(models.AbstractModel):
    _inherit = "account.move.send"

    @api.model
    def _get_default_mail_partner_ids(self, move, mail_template, mail_lang):
        """Send the invoice to its contact rather than to the customer's address."""
        partners = super()._get_default_mail_partner_ids(move, mail_template, mail_lang)
        return partners._replace_customer_by_contact(move)
