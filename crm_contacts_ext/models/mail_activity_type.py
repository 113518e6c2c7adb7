# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo import fields, models


class MailActivityType(models.Model):
    _inherit = "mail.activity.type"

    # The contacts' history (res.partner.activity.report) lists the done
    # activities of every type, as OpenFire's "Historique": Odoo keeps them
    # (archived) only for the types that "Keep Done", and deletes the others.
    # New types keep them; the existing ones are set at install (post_init_hook).
    keep_done = fields.Boolean(default=True)
