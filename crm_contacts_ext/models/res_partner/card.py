# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""The contact card's own fields (both source ERPs' "Fiche"), its status and its
personal addresses.
"""

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools.mail import email_normalize

from ..input_check import addon_fields, check_input

SHOW_NEXT_ANNIVERSARY_PARAM = "crm_contacts_ext.show_next_anniversary"


class ResPartner(models.Model):
    _inherit = "res.partner"  # pylint: disable=consider-merging-classes-inherited

    # Both source ERPs keep a fax number on the card; Odoo dropped the field in 13.0.
    fax = fields.Char()

    # OpenFire's "adresse personnelle": hidden by a record rule from users outside
    # the "Personal data" group. At uninstall such addresses become "other"
    # addresses: "contact" would overwrite their own address with the parent's.
    type = fields.Selection(
        selection_add=[("personal", "Personal Address")],
        ondelete={"personal": "set other"},
    )

    phone_ext = fields.Char(string="Phone Extension")

    phone2 = fields.Char(string="Second Phone")

    phone2_ext = fields.Char(string="Second Phone Extension")

    email2 = fields.Char(string="Second Email")

    pager = fields.Char()

    toll_free = fields.Char(string="Toll-free Number")

    department = fields.Char()

    grouping_id = fields.Many2one("res.partner.grouping", index="btree_not_null")

    birthdate = fields.Date(string="Birth Date")

    # Stored so that "Birthday this month" is a plain indexed search.
    birth_month = fields.Integer(compute="_compute_birth_month", store=True)

    next_anniversary = fields.Date(compute="_compute_next_anniversary")

    show_next_anniversary = fields.Boolean(compute="_compute_show_next_anniversary")

    contact_status = fields.Selection(
        [
            ("prospect", "Prospect"),
            ("customer", "Customer"),
            ("supplier", "Supplier"),
            ("user", "User"),
        ],
        compute="_compute_contact_status",
        inverse="_inverse_contact_status",
        store=True,
        readonly=False,
        copy=False,
        index=True,
        help="Computed from the sales and purchases of the company and from its "
        "users; a value chosen by hand is kept until a quotation of a prospect is "
        "confirmed.",
    )

    contact_status_forced = fields.Boolean(
        string="Status Set by Hand",
        copy=False,
        help="The status was chosen by hand and is no longer computed.",
    )

    reseller_id = fields.Many2one("res.partner", index="btree_not_null")

    installer_id = fields.Many2one("res.partner", index="btree_not_null")

    prospector_id = fields.Many2one("res.users", index="btree_not_null")

    store_code = fields.Char()

    @api.depends("birthdate")
    def _compute_birth_month(self):
        for partner in self:
            partner.birth_month = partner.birthdate.month if partner.birthdate else 0

    @api.depends("birthdate")
    @api.depends_context("uid")
    def _compute_next_anniversary(self):
        today = fields.Date.context_today(self)
        for partner in self:
            birthdate = partner.birthdate
            if not birthdate:
                partner.next_anniversary = False
                continue
            # relativedelta turns 29 February into 28 February in common years.
            anniversary = birthdate + relativedelta(years=today.year - birthdate.year)
            if anniversary < today:
                anniversary = birthdate + relativedelta(
                    years=today.year + 1 - birthdate.year
                )
            partner.next_anniversary = anniversary

    @api.depends_context("uid")
    def _compute_show_next_anniversary(self):
        show = self._get_show_next_anniversary()
        for partner in self:
            partner.show_next_anniversary = show

    @api.depends(
        "contact_status_forced",
        "user_ids.share",
        "commercial_partner_id.customer_rank",
        "commercial_partner_id.supplier_rank",
        "customer_rank",
        "supplier_rank",
    )
    def _compute_contact_status(self):
        for partner in self:
            if partner.contact_status_forced and partner.contact_status:
                continue
            commercial = partner.commercial_partner_id
            if partner.user_ids.filtered(lambda user: not user.share):
                partner.contact_status = "user"
            elif partner.customer_rank or commercial.customer_rank:
                partner.contact_status = "customer"
            elif partner.supplier_rank or commercial.supplier_rank:
                partner.contact_status = "supplier"
            else:
                partner.contact_status = "prospect"

    def _inverse_contact_status(self):
        # A status chosen by hand sticks; emptying it goes back to computed (the
        # field was just written, so Odoo would not compute it again by itself).
        self.filtered("contact_status").contact_status_forced = True
        emptied = self.filtered(lambda partner: not partner.contact_status)
        if emptied:
            emptied.contact_status_forced = False
            self.env.add_to_compute(self._fields["contact_status"], emptied)

    @api.onchange("phone2", "pager", "toll_free", "fax", "country_id", "company_id")
    def _onchange_other_phones_validation(self):
        """The other numbers of the card are formatted as Odoo formats ``phone``
        and ``mobile`` (phone_validation/models/res_partner.py): international
        format for the contact's country when the ``phonenumbers`` library is
        installed, as typed otherwise or when the number cannot be parsed."""
        for fname in ("phone2", "pager", "toll_free", "fax"):
            if self[fname]:
                self[fname] = (
                    self._phone_format(fname=fname, force_format="INTERNATIONAL")
                    or self[fname]
                )

    def _check_second_email(self, vals_list):
        """Refuse, before anything is written, a second email that Odoo would not
        take for an address.

        Odoo's rule for an email field: ``email_normalize`` (odoo/tools/mail.py)
        finds exactly one address in the text. It is what Odoo computes
        ``email_normalized`` with (blacklist, mailings) and how it validates an
        email answer in a survey; it takes quotes (o'brien@), accents (SMTPUTF8)
        and international domains in Unicode or punycode. An address also needs
        the part before the "@" ("jeanne@@example" normalizes to "@example").

        :raise ValidationError: naming the contact and the address refused
        """
        for vals in vals_list:
            email = vals.get("email2")
            if not email:
                continue
            normalized = email_normalize(email)
            if normalized and not normalized.startswith("@"):
                continue
            raise ValidationError(
                self.env._(
                    "The second email of %(partner)s, “%(email)s”, is not a "
                    "valid email address. Enter an address such as "
                    "name@example.com, or leave the field empty.",
                    partner=vals.get("name")
                    or ", ".join(self.mapped("display_name"))
                    or "?",
                    email=email,
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        # This part is imported last (models/res_partner/__init__.py): its create
        # runs first, so every value is checked before any concern reads it.
        check_input(self, vals_list, self._input_checked_fields())
        self._check_second_email(vals_list)
        return super().create(vals_list)

    def write(self, vals):
        check_input(self, [vals], self._input_checked_fields())
        self._check_second_email([vals])
        return super().write(vals)

    @api.model
    def _input_checked_fields(self):
        """The fields create / write check before Odoo converts them: those the
        addon defines or extends on contacts, and the position it validates."""
        return addon_fields(self) | {"partner_latitude", "partner_longitude"}

    def action_open_copy_to(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Copy to"),
            "res_model": "res.partner.copy.to",
            "view_mode": "form",
            "target": "new",
            "context": {"default_partner_id": self.id},
        }

    @property
    def _complete_name_displayed_types(self):
        # A nameless personal address is shown as "Company, Personal Address".
        return super()._complete_name_displayed_types + ("personal",)

    def _children_sync(self, values):
        res = super()._children_sync(values)
        # child_ids, read with the rights of a user outside "Personal data", lacks
        # the personal addresses: Odoo would not sync the commercial fields
        # (VAT, fiscal position...) to them. Search them as superuser (a search:
        # reading child_ids as superuser would share its cache with the user).
        fields_to_sync = values.keys() & self._commercial_fields()
        if fields_to_sync and not self.env.su and self.commercial_partner_id == self:
            hidden = (
                self.sudo().search(
                    [("parent_id", "=", self.id), ("type", "=", "personal")]
                )
                - self.child_ids
            )
            if hidden:
                hidden.write(self.sudo()._update_fields_values(fields_to_sync))
        return res

    @api.model
    def _get_show_next_anniversary(self):
        param = self.env["ir.config_parameter"].sudo()
        return bool(param.get_param(SHOW_NEXT_ANNIVERSARY_PARAM))

    def _mark_customer_on_confirmed_sale(self):
        """A confirmed quotation makes a prospect a customer, even one whose
        "prospect" status was set by hand: the sale is a fact that outweighs
        the old choice. Statuses forced to supplier or user are left alone.

        Quotations of one customer are confirmed at once by several users: the
        customer's row is changed only when it is not a customer yet, through
        Odoo's ``_increase_rank`` (account/models/partner.py), which gives up
        quietly when another transaction is marking it at the same moment (that
        one makes it a customer) instead of failing the confirmation or
        logging a serialization error.
        """
        partners = self.sudo()
        commercials = partners.commercial_partner_id
        commercials.filtered(lambda p: not p.customer_rank)._increase_rank(
            "customer_rank"
        )
        # Only a status forced by hand is written: a computed one follows the
        # customer rank by itself.
        forced = (partners | commercials).filtered(
            lambda p: p.contact_status == "prospect" and p.contact_status_forced
        )
        forced.contact_status_forced = False

    def _handle_first_contact_creation(self):
        # Odoo copies the address of a first contact to its parent without one:
        # a personal (private) address must not become the contact's public one.
        if self.type == "personal":
            return
        return super()._handle_first_contact_creation()
