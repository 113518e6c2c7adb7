# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo import fields, models


class MailingTrace(models.Model):
    _inherit = "mailing.trace"

    # The card's mailing history button counts a contact's traces by their
    # document (res.partner.mailing_trace_count): Odoo does not index it, and
    # a database holds a trace per email of every mailing sent.
    res_id = fields.Many2oneReference(index=True)
