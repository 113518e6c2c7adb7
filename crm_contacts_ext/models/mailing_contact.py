# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo import fields, models


class MailingContact(models.Model):
    _inherit = "mailing.contact"

    # The card's mailing lists button finds the mailing contacts of the card's
    # address (res.partner.mailing_list_count): Odoo does not index it. Mailing
    # contacts without an email are left out of the index.
    email_normalized = fields.Char(index="btree_not_null")
