# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo import fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    # Both source ERPs keep a fax number on the card; Odoo dropped the field in 13.0.
    fax = fields.Char()
    note_ids = fields.One2many("res.partner.note", "partner_id", string="Contact Notes")
    note_count = fields.Integer(compute="_compute_note_count")
    activity_report_count = fields.Integer(
        string="Open Activities", compute="_compute_activity_report_count"
    )

    def _count_with_children(self, model):
        """Count `model` rows per partner, a company adding its contacts' rows."""
        counts = dict.fromkeys(self.ids, 0)
        all_partners = self.with_context(active_test=False).search_fetch(
            [("id", "child_of", self.ids)], ["parent_id"]
        )
        groups = self.env[model]._read_group(
            [("partner_id", "in", all_partners.ids)],
            groupby=["partner_id"],
            aggregates=["__count"],
        )
        for partner, count in groups:
            while partner:
                if partner.id in counts:
                    counts[partner.id] += count
                partner = partner.parent_id
        return counts

    def _compute_note_count(self):
        counts = self._count_with_children("res.partner.note")
        for partner in self:
            partner.note_count = counts.get(partner.id, 0)

    def _compute_activity_report_count(self):
        counts = self._count_with_children("res.partner.activity.report")
        for partner in self:
            partner.activity_report_count = counts.get(partner.id, 0)

    def action_view_partner_notes(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "crm_contacts_ext.res_partner_note_action"
        )
        action["domain"] = [("partner_id", "child_of", self.id)]
        action["context"] = {
            "default_partner_id": self.id,
            "search_default_last_90_days": 1,
        }
        return action

    def action_view_partner_activities(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "crm_contacts_ext.res_partner_activity_report_action"
        )
        action["domain"] = [("partner_id", "child_of", self.id)]
        action["display_name"] = self.env._(
            "Activities of %(partner)s", partner=self.display_name
        )
        return action
