# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo import api, fields, models
from odoo.fields import Command


class ResPartner(models.Model):
    _inherit = "res.partner"

    # Both source ERPs keep a fax number on the card; Odoo dropped the field in 13.0.
    fax = fields.Char()
    partner_warning_ids = fields.One2many(
        "res.partner.warning",
        "partner_id",
        string="Warnings",
        help="Messages shown, or blocking, when a document is made for this "
        "contact. Those of a company apply to all its contacts.",
    )

    @api.onchange("trust")
    def _onchange_trust_propose_warning(self):
        """A bad debtor gets a blocking warning on quotations and invoices, proposed
        in the list of warnings: the user may edit or remove it before saving."""
        if self.trust != "bad":
            return
        if any(
            warning.blocking and warning.on_sale_order and warning.on_invoice
            for warning in self.partner_warning_ids
        ):
            return
        self.partner_warning_ids = [
            Command.create(self._prepare_bad_debtor_warning_values())
        ]

    def _prepare_bad_debtor_warning_values(self):
        return {
            "message": self.env._("Bad debtor"),
            "blocking": True,
            "on_appointment": False,
            "on_opportunity": False,
            "on_sale_order": True,
            "on_invoice": True,
        }
