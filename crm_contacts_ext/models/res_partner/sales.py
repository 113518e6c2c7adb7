# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""Opportunities and sales occasions of the contact (Prextra "Opportunités",
"Occasions de vente").
"""

from odoo import fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"  # pylint: disable=consider-merging-classes-inherited

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

    def action_view_sales_occasions(self):
        """Prextra's "Occasions de vente": quotations and orders of the contact
        and its company, with "New" starting a quotation for the contact."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "crm_contacts_ext.sale_order_occasion_action"
        )
        action["domain"] = [
            ("partner_id.commercial_partner_id", "=", self.commercial_partner_id.id)
        ]
        # All of them, as the button counts, grouped by status (in progress,
        # won, lost): a filter would open fewer than the button says.
        action["context"] = {
            "default_partner_id": self.id,
            "search_default_group_occasion_status": 1,
        }
        return action

    def action_new_quotation(self):
        """The "+" of the sales occasions: a new quotation for this contact."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("New Quotation"),
            "res_model": "sale.order",
            "view_mode": "form",
            "views": [(False, "form")],
            "context": {"default_partner_id": self.id},
        }
