# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo import fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    # Both source ERPs keep a fax number on the card; Odoo dropped the field in 13.0.
    fax = fields.Char()
    # Prextra lists the competitors met on an opportunity among the contacts.
    is_competitor = fields.Boolean(
        string="Competitor",
        help="Can be listed as a competitor on opportunities.",
    )

    def action_view_opportunity(self):
        """Odoo's opportunity button, with the status and date filters at hand
        and new opportunities created for this contact."""
        action = super().action_view_opportunity()
        action["context"] = {
            **action.get("context", {}),
            "default_partner_id": self.id,
            "default_type": "opportunity",
        }
        # Prextra shows the contact's opportunities as a list: list first.
        action["views"] = sorted(action["views"], key=lambda view: view[1] != "list")
        action["view_mode"] = ",".join(view[1] for view in action["views"])
        return action
