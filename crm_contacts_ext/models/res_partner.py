# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResPartner(models.Model):
    _inherit = "res.partner"

    # Both source ERPs keep a fax number on the card; Odoo dropped the field in 13.0.
    fax = fields.Char()
    role_line_ids = fields.One2many(
        comodel_name="res.partner.role.line",
        inverse_name="partner_id",
        string="Roles",
        help="What this person does for the company (accounts payable, purchasing, "
        "...), with a rank: the rank-1 contact is the one chosen on documents.",
    )
    company_role_line_ids = fields.One2many(
        comodel_name="res.partner.role.line",
        inverse_name="commercial_partner_id",
        string="Contact Roles",
        readonly=True,
        help="The roles held by the contacts of this company, by rank.",
    )
    company_role_line_count = fields.Integer(compute="_compute_company_role_line_count")

    def _compute_company_role_line_count(self):
        counts = dict(
            self.env["res.partner.role.line"]._read_group(
                [("commercial_partner_id", "in", self.ids)],
                ["commercial_partner_id"],
                ["__count"],
            )
        )
        for partner in self:
            partner.company_role_line_count = counts.get(partner._origin, 0)

    @api.constrains("is_company")
    def _check_role_holder_is_person(self):
        for partner in self:
            if partner.is_company and partner.role_line_ids:
                raise ValidationError(
                    self.env._(
                        "%(partner)s holds contact roles, which only people can hold: "
                        'remove its roles before ticking "Company".',
                        partner=partner.display_name,
                    )
                )

    def _get_role_contact(self, role_codes):
        """The rank-1 holder of the first of ``role_codes`` found in this company.

        :param role_codes: codes of res.partner.role, by preference
        :return: a person of this partner's commercial entity, or an empty record
        """
        self.ensure_one()
        commercial = self.commercial_partner_id
        if not commercial:
            return self.browse()
        lines = (
            self.env["res.partner.role.line"]
            .sudo()
            .search(
                [
                    ("commercial_partner_id", "=", commercial.id),
                    ("rank", "=", 1),
                    ("role_id.code", "in", role_codes),
                    ("role_id.active", "=", True),
                    ("partner_id.active", "=", True),
                ]
            )
        )
        for code in role_codes:
            line = lines.filtered(lambda ln, code=code: ln.role_id.code == code)
            if line:
                return line.partner_id.sudo(False)
        return self.browse()

    @api.model_create_multi
    def create(self, vals_list):
        # Roles are ranked within the contact's company: create them once the
        # partner's company and person/company type (set by an inverse) are final.
        vals_list = [dict(vals) for vals in vals_list]
        role_lines = [vals.pop("role_line_ids", None) for vals in vals_list]
        partners = super().create(vals_list)
        for partner, lines in zip(partners, role_lines, strict=True):
            if lines:
                partner.write({"role_line_ids": lines})
        return partners

    def write(self, vals):
        if "parent_id" in vals or "is_company" in vals:
            self._make_room_for_moving_roles(vals)
        if "role_line_ids" in vals and len(vals) > 1:
            vals = dict(vals)
            role_lines = vals.pop("role_line_ids")
            res = super().write(vals)
            super().write({"role_line_ids": role_lines})
            return res
        return super().write(vals)

    def _make_room_for_moving_roles(self, vals):
        """A contact joining another company does not take its rank-1 holders' place.

        Its roles come after the ones held in the new company; without this the
        moved rank-1 line would collide with the new company's rank-1 holder.
        """
        for partner in self.filtered("role_line_ids"):
            if "parent_id" in vals:
                parent = self.browse(vals["parent_id"])
            else:
                parent = partner.parent_id
            is_company = vals.get("is_company", partner.is_company)
            commercial = (
                parent.commercial_partner_id if parent and not is_company else partner
            )
            if commercial == partner.commercial_partner_id:
                continue
            partner.role_line_ids._move_to_company(commercial)

    def _replace_customer_by_contact(self, document):
        """Recipients ``self`` of ``document`` with its contact instead of its customer.

        Used by the email composers: a quotation or an invoice goes to the person
        named in its "Contact" field, when that person has an email address.
        """
        contact = document.partner_contact_id._origin
        if not contact.email:
            return self
        customer = document.partner_id | document.partner_id.commercial_partner_id
        return (self._origin - customer._origin) | contact

    def action_open_company_role_lines(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "crm_contacts_ext.res_partner_role_line_action"
        )
        action["domain"] = [
            ("commercial_partner_id", "=", self.commercial_partner_id.id)
        ]
        action["context"] = {
            "default_partner_id": False,
            "search_default_group_by_role": 1,
        }
        action["name"] = self.env._(
            "Contact roles of %(company)s", company=self.commercial_partner_id.name
        )
        return action
