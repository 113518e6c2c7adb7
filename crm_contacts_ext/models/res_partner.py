# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from collections import defaultdict

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
    sales_occasion_count = fields.Integer(
        string="Sales Occasions",
        compute="_compute_sales_occasion_count",
        groups="sales_team.group_sale_salesman",
    )

    def _compute_sales_occasion_count(self):
        """Quotations and orders of the contact's whole company, in one query."""
        self.sales_occasion_count = 0
        if not self.env.user._has_group("sales_team.group_sale_salesman"):
            return
        commercial_partners = self.commercial_partner_id
        groups = self.env["sale.order"]._read_group(
            [("partner_id.commercial_partner_id", "in", commercial_partners.ids)],
            groupby=["partner_id"],
            aggregates=["__count"],
        )
        counts = defaultdict(int)
        for partner, count in groups:
            counts[partner.commercial_partner_id.id] += count
        for partner in self:
            partner.sales_occasion_count = counts.get(
                partner.commercial_partner_id.id, 0
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
        action["context"] = {
            "default_partner_id": self.id,
            "search_default_filter_in_progress": 1,
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
