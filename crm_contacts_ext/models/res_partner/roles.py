# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""Contact roles and ranks (Prextra "Type de contact", "Rang"): the person's roles,
the company's holders, and the contact chosen on documents.
"""

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.fields import Command
from odoo.tools import SQL


class ResPartner(models.Model):
    _inherit = "res.partner"  # pylint: disable=consider-merging-classes-inherited

    role_line_ids = fields.One2many(
        comodel_name="res.partner.contact.role.line",
        inverse_name="partner_id",
        string="Roles",
        help="What this person does for the company (accounts payable, purchasing, "
        "...), with a rank: the rank-1 contact is the one chosen on documents.",
    )

    company_role_line_ids = fields.One2many(
        comodel_name="res.partner.contact.role.line",
        inverse_name="commercial_partner_id",
        string="Contact Roles",
        readonly=True,
        help="The roles held by the contacts of this company, by rank.",
    )

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

    @api.model_create_multi
    def create(self, vals_list):
        # Roles are ranked within the contact's company: create them once the
        # partner's company and person/company type (set by an inverse) are final.
        vals_list = [dict(vals) for vals in vals_list]
        role_lines = [vals.pop("role_line_ids", None) for vals in vals_list]
        partners = super().create(vals_list)
        partners._create_role_lines(role_lines)
        return partners

    def write(self, vals):
        if "parent_id" in vals or "is_company" in vals:
            self._make_room_for_moving_roles(vals)
        vals = dict(vals)
        role_lines = vals.pop("role_line_ids", None) if len(vals) > 1 else None
        res = super().write(vals) if vals else True
        if role_lines is not None:
            super().write({"role_line_ids": role_lines})
        return res

    def action_open_company_role_lines(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "crm_contacts_ext.res_partner_contact_role_line_action"
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

    def _get_role_contacts(self, role_codes):
        """The best-ranked active holder of the first of ``role_codes`` held in
        each partner's company, for the whole recordset in one query (documents
        are computed in batches: a quotation import must not cost a search per
        quotation).

        Rank 1 when its holder is active; when that person leaves (archived, or
        the line deleted) the next one in rank takes over, rather than nobody or
        the holder of a less fitting role. Only holders the current user may
        see count: a person of a company the user does not work for never
        reaches the user's documents; the next one in rank does.

        :param role_codes: codes of res.partner.contact.role, by preference
        :return: dict {commercial partner id: person holding the role}; companies
            where no active person visible to the user holds one of the roles
            are absent
        """
        commercial = self.commercial_partner_id._origin
        if not commercial:
            return {}
        # As the user making the document, not as the superuser its computed
        # fields run as: only a holder this user may see is chosen (record rules
        # of roles and contacts, the user's allowed companies), never an
        # archived person or role (active_test). The subqueries of _search keep
        # it one statement.
        Line = (
            self.env["res.partner.contact.role.line"]
            .sudo(False)
            .with_context(active_test=True)
        )
        if not Line.has_access("read"):
            return {}
        Line.flush_model(["sequence", "role_id", "partner_id"])
        self.env["res.partner.contact.role"].flush_model(["code"])
        lines = Line._search(
            [
                ("commercial_partner_id", "in", commercial.ids),
                ("role_id.code", "in", list(role_codes)),
                ("partner_id.active", "=", True),
            ]
        )
        rows = self.env.execute_query(
            SQL(
                """
                SELECT DISTINCT ON (line.commercial_partner_id)
                       line.commercial_partner_id, line.partner_id
                  FROM res_partner_contact_role_line line
                  JOIN res_partner_contact_role role ON role.id = line.role_id
                 WHERE line.id IN %(lines)s
                 ORDER BY line.commercial_partner_id,
                          array_position(%(codes)s::varchar[], role.code::varchar),
                          line.sequence, line.id DESC
                """,
                lines=lines.subselect(),
                codes=list(role_codes),
            )
        )
        persons = self.sudo(False)
        return {company_id: persons.browse(person_id) for company_id, person_id in rows}

    def _create_role_lines(self, commands_list):
        """Give the new partners ``self`` their roles, in one batch when possible.

        :param commands_list: one ``role_line_ids`` value per partner, or None
        """
        to_create, others = [], []
        for partner, commands in zip(self, commands_list, strict=True):
            if not commands:
                continue
            if all(
                isinstance(command, list | tuple) and command[0] == Command.CREATE
                for command in commands
            ):
                to_create.extend(
                    dict(command[2], partner_id=partner.id) for command in commands
                )
            else:
                others.append((partner, commands))
        if to_create or others:
            # Checking the roles searches the new partners in the database, which
            # writes the values computed so far; the rest (Odoo's and this
            # addon's computed fields) would follow in a second UPDATE of every
            # new row, each updating all the indexes of res_partner. Computed and
            # written now, each new partner is updated once, as without roles.
            self.flush_model()
        if to_create:
            self.env["res.partner.contact.role.line"].create(to_create)
        for partner, commands in others:
            partner.write({"role_line_ids": commands})

    def _make_room_for_moving_roles(self, vals):
        """A contact joining another company does not take its rank-1 holders' place.

        Its roles come after the ones held in the new company; without this the
        moved line would keep its sort key and land anywhere in the new ranking.
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
