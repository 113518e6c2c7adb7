# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo import models


class MailComposeMessage(models.TransientModel):
    _inherit = "mail.compose.message"

    def _compute_partner_ids(self):
        """A document with a contact (quotation, invoice) is emailed to that contact.

        The templates address ``object.partner_id``; when the document names a
        contact with an email, the contact replaces the customer in the recipients.
        """
        res = super()._compute_partner_ids()
        for composer in self:
            if (
                composer.composition_mode != "comment"
                or not composer.model
                or "partner_contact_id" not in self.env[composer.model]._fields
            ):
                continue
            res_ids = composer._evaluate_res_ids()
            if len(res_ids) != 1:
                continue
            record = self.env[composer.model].browse(res_ids)
            composer.partner_ids = composer.partner_ids._replace_customer_by_contact(
                record
            )
        return res
