# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo import api, fields, models
from odoo.exceptions import UserError


class ResPartnerCopyTo(models.TransientModel):
    """Prextra's "Copier dans": reuse a contact elsewhere without retyping it."""

    _name = "res.partner.copy.to"
    _inherit = "input.check.mixin"
    _description = "Copy a Contact to a Company, a Group or a Prospect"

    partner_id = fields.Many2one(
        "res.partner", string="Contact", required=True, ondelete="cascade"
    )
    target = fields.Selection(
        [
            ("company", "Another company"),
            ("tag", "A contact group (tag)"),
            ("mailing_list", "A mailing list"),
            ("lead", "A prospect (new lead)"),
        ],
        string="Copy to",
        required=True,
        default="company",
    )
    target_company_id = fields.Many2one(
        "res.partner",
        string="Company",
        domain="[('is_company', '=', True), ('id', '!=', partner_id)]",
        help="Customer or supplier that receives a copy of the contact.",
    )
    category_id = fields.Many2one("res.partner.category", string="Contact Group")
    mailing_list_id = fields.Many2one("mailing.list")
    lead_name = fields.Char(
        string="Lead Title",
        compute="_compute_lead_name",
        store=True,
        readonly=False,
    )

    @api.depends("partner_id")
    def _compute_lead_name(self):
        for wizard in self:
            wizard.lead_name = wizard.partner_id and self.env._(
                "Prospect: %(name)s", name=wizard.partner_id.display_name
            )

    def action_copy(self):
        self.ensure_one()
        required = {
            "company": "target_company_id",
            "tag": "category_id",
            "mailing_list": "mailing_list_id",
            "lead": "lead_name",
        }[self.target]
        if not self[required]:
            raise UserError(
                self.env._(
                    "Fill in the field “%(field)s” to copy %(contact)s.",
                    field=self._fields[required].get_description(self.env)["string"],
                    contact=self.partner_id.display_name,
                )
            )
        return getattr(self, f"_copy_to_{self.target}")()

    def _copy_to_company(self):
        contact = self.partner_id.copy(
            {
                "name": self.partner_id.name,
                "parent_id": self.target_company_id.id,
                "type": "contact",
                "is_company": False,
            }
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": "res.partner",
            "res_id": contact.id,
            "view_mode": "form",
            "target": "current",
        }

    def _copy_to_tag(self):
        self.partner_id.category_id = [fields.Command.link(self.category_id.id)]
        return {"type": "ir.actions.act_window_close"}

    def _copy_to_mailing_list(self):
        partner = self.partner_id
        if not partner.email_normalized:
            raise UserError(
                self.env._(
                    "%(contact)s has no valid email address: enter one on the "
                    "contact before adding it to a mailing list.",
                    contact=partner.display_name,
                )
            )
        if partner.consent_state == "withdrawn":
            # A withdrawal is never undone by another path.
            raise UserError(
                self.env._(
                    "%(contact)s withdrew their consent to receive communications: "
                    "record their new consent, with its proof, before adding them "
                    "to a mailing list.",
                    contact=partner.display_name,
                )
            )
        mailing_list = self.mailing_list_id
        existing = self.env["mailing.contact"].search(
            [("email_normalized", "=", partner.email_normalized)], limit=1
        )
        if existing:
            existing.list_ids = [fields.Command.link(mailing_list.id)]
        else:
            self.env["mailing.contact"].create(
                {
                    "name": partner.name,
                    "email": partner.email,
                    "company_name": partner.commercial_company_name
                    or partner.parent_id.name,
                    "title_id": partner.title.id,
                    "country_id": partner.country_id.id,
                    "tag_ids": [fields.Command.set(partner.category_id.ids)],
                    "list_ids": [fields.Command.link(mailing_list.id)],
                }
            )
        return {"type": "ir.actions.act_window_close"}

    def _copy_to_lead(self):
        partner = self.partner_id
        lead = self.env["crm.lead"].create(
            {
                "name": self.lead_name,
                "type": "lead",
                "partner_id": partner.id,
                "contact_name": partner.name if not partner.is_company else False,
                "partner_name": partner.commercial_company_name or False,
                "function": partner.function,
                "title": partner.title.id,
                "email_from": partner.email,
                "phone": partner.phone,
                "mobile": partner.mobile,
            }
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": "crm.lead",
            "res_id": lead.id,
            "view_mode": "form",
            "target": "current",
        }
