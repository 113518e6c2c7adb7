# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
import json
import logging
import math
import threading
from collections import defaultdict

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Command
from odoo.tools import SQL
from odoo.tools.mail import email_normalize, single_email_re
from odoo.tools.sql import create_index

from .input_check import check_input

_logger = logging.getLogger(__name__)

# Address fields whose change makes base_geolocalize reset the position.
GEO_ADDRESS_FIELDS = ("street", "zip", "city", "state_id", "country_id")
# Mean Earth radius (IUGG), in kilometres.
EARTH_RADIUS_KM = 6371.0088
KM_PER_DEGREE = math.pi * EARTH_RADIUS_KM / 180.0
# The position as a PostgreSQL point (x = longitude, y = latitude); the same
# expression in the index and in search_nearby's query.
GEO_POINT_SQL = (
    "point(partner_longitude::double precision, partner_latitude::double precision)"
)


# The fields this addon adds to contacts (and the position it checks), whose
# values create / write check before Odoo converts them (see input_check).
CHECKED_FIELDS = frozenset(
    {
        "fax",
        "type",
        "phone_ext",
        "phone2",
        "phone2_ext",
        "email2",
        "pager",
        "toll_free",
        "department",
        "grouping_id",
        "birthdate",
        "contact_status",
        "contact_status_forced",
        "reseller_id",
        "installer_id",
        "prospector_id",
        "store_code",
        "is_competitor",
        "allow_communication",
        "include_in_mailing",
        "campaign_id",
        "source_id",
        "medium_id",
        "geo_source",
        "partner_latitude",
        "partner_longitude",
        "partner_warning_ids",
        "role_line_ids",
        "note_ids",
        "consent_ids",
    }
)

SHOW_NEXT_ANNIVERSARY_PARAM = "crm_contacts_ext.show_next_anniversary"

#: the personal fields an erasure empties (the name becomes "Anonymised contact #id")
ANONYMISED_FIELDS = (
    "email",
    "phone",
    "mobile",
    "fax",
    "street",
    "street2",
    "city",
    "zip",
    "website",
    "function",
    "title",
    "vat",
    "ref",
    "comment",
    "state_id",
    "country_id",
    "image_1920",
    "partner_latitude",
    "partner_longitude",
)


# The card's lists of the addon, fetched together by web_read (see there).
CARD_LINE_FIELDS = (
    "partner_warning_ids",
    "role_line_ids",
    "company_role_line_ids",
    "consent_ids",
)


class ResPartner(models.Model):
    _inherit = "res.partner"

    # Both source ERPs keep a fax number on the card; Odoo dropped the field in 13.0.
    fax = fields.Char()

    partner_warning_ids = fields.One2many(
        "res.partner.warning",
        "partner_id",
        string="Warnings",
        # Inactive ones too: the proposals made for bad debtors, to switch on.
        context={"active_test": False},
        help="Messages shown, or blocking, when a document is made for this "
        "contact. Those of a company apply to all its contacts.",
    )

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

    company_role_line_count = fields.Integer(compute="_compute_card_counts")

    note_ids = fields.One2many("res.partner.note", "partner_id", string="Contact Notes")

    note_count = fields.Integer(compute="_compute_card_counts")

    activity_report_count = fields.Integer(
        string="Open Activities", compute="_compute_card_counts"
    )

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

    # Prextra lists the competitors met on an opportunity among the contacts.
    is_competitor = fields.Boolean(
        string="Competitor",
        help="Can be listed as a competitor on opportunities.",
    )

    sales_occasion_count = fields.Integer(
        string="Sales Occasions",
        compute="_compute_card_counts",
        groups="sales_team.group_sale_salesman",
    )

    # GDPR consent (OpenFire "Utilisation données personnelles")
    consent_ids = fields.One2many(
        "res.partner.consent", "partner_id", string="Consent history"
    )

    consent_state = fields.Selection(
        [
            ("unknown", "Unknown"),
            ("granted", "Granted"),
            ("withdrawn", "Withdrawn"),
        ],
        string="Consent",
        compute="_compute_consent",
        store=True,
        help="State of the latest consent event; Unknown when none was recorded.",
    )

    allow_communication = fields.Boolean(
        string="Authorised to receive communications",
        compute="_compute_consent",
        store=True,
        readonly=False,
        help="Follows the latest consent event. Writing it records a new event "
        "(the form asks for channel and proof; RPC and imports record channel "
        "'import').",
    )

    consent_date = fields.Datetime(
        string="Consent date", compute="_compute_consent", store=True
    )

    consent_proof = fields.Text(
        string="Consent proof",
        compute="_compute_consent",
        store=True,
        groups="crm_contacts_ext.group_personal_data",
    )

    # Prextra "Postage"
    include_in_mailing = fields.Boolean(
        compute="_compute_include_in_mailing",
        store=True,
        readonly=False,
        precompute=True,
        help="Mass mailings only reach contacts included here. Persons are "
        "included by default, companies are not.",
    )

    mailing_list_count = fields.Integer(
        compute="_compute_mailing_list_count",
        groups="mass_mailing.group_mass_mailing_user",
    )

    mailing_trace_count = fields.Integer(
        compute="_compute_card_counts",
        groups="mass_mailing.group_mass_mailing_user",
    )

    # OpenFire's "Marketing" tab: copied from the most recent opportunity (see
    # _sync_utm_from_opportunities, called by crm.lead), editable by hand in between.
    campaign_id = fields.Many2one(
        "utm.campaign", index="btree_not_null", ondelete="set null"
    )

    source_id = fields.Many2one(
        "utm.source", index="btree_not_null", ondelete="set null"
    )

    medium_id = fields.Many2one(
        "utm.medium", string="Channel", index="btree_not_null", ondelete="set null"
    )

    # OpenFire's "Localisation" tab: where the position came from decides whether an
    # address change may overwrite it.
    geo_source = fields.Selection(
        [("geocoded", "Geocoded"), ("manual", "Entered by hand")],
        string="Position Source",
        readonly=True,
        help="Geocoded positions are computed again when the address changes; "
        "positions entered by hand are kept.",
    )

    osm_url = fields.Char(string="OpenStreetMap", compute="_compute_osm_url")

    def init(self):
        res = super().init()
        # search_nearby narrows by a two-dimensional box on this GiST index (core
        # PostgreSQL, no extension) before computing exact distances: the rows read
        # are those inside the box, not a whole band of latitudes.
        create_index(
            self.env.cr,
            "res_partner_geo_point_index",
            self._table,
            [GEO_POINT_SQL],
            method="gist",
        )
        return res

    def _compute_card_counts(self):
        """The figures of the card's buttons, in one query for the whole card.

        A company adds its contacts' (and their addresses') notes and activities;
        sales occasions are those of the whole commercial entity. Each count obeys
        the record rules of its model, and is 0 for a user who may not read it.
        """
        counts = defaultdict(int)
        ids = [partner_id for partner_id in self._ids if isinstance(partner_id, int)]
        if ids:
            for kind, partner_id, count in self._card_count_rows(ids):
                counts[kind, partner_id] = count
        for partner in self:
            pid, commercial_id = partner._origin.id, partner.commercial_partner_id.id
            partner.note_count = counts["note", pid]
            partner.activity_report_count = counts["activity", pid]
            partner.company_role_line_count = counts["role", pid]
            partner.sales_occasion_count = counts["occasion", commercial_id]
            partner.mailing_trace_count = counts["trace", pid]

    def _card_count_rows(self, ids):
        """(kind, partner id, count) rows of the card's counts, in one query."""
        Partner = self.with_context(active_test=False)
        family = SQL(
            """
            WITH RECURSIVE family(root, id) AS (
                SELECT id, id FROM res_partner WHERE id = ANY(%(ids)s)
                 UNION
                SELECT family.root, child.id
                  FROM res_partner child JOIN family ON child.parent_id = family.id
                 WHERE child.id IN %(visible)s
            )
            """,
            ids=ids,
            visible=Partner._search([]).subselect(),
        )
        parts = []

        def count_by_family(kind, model):
            Model = self.env[model]
            if Model.has_access("read"):
                rows = Model._search([]).subselect(
                    SQL.identifier(Model._table, "partner_id")
                )
                parts.append(
                    SQL(
                        "SELECT %s, family.root, count(*) FROM family"
                        " JOIN %s AS counted(partner_id)"
                        " ON counted.partner_id = family.id GROUP BY family.root",
                        kind,
                        rows,
                    )
                )

        def count_by(kind, model, domain, column):
            Model = self.env[model]
            if Model.has_access("read"):
                query = Model._search(domain)
                query.groupby = SQL.identifier(Model._table, column)
                parts.append(
                    SQL(
                        "(%s)",
                        query.select(
                            SQL("%s", kind),
                            SQL.identifier(Model._table, column),
                            SQL("count(*)"),
                        ),
                    )
                )

        count_by_family("note", "res.partner.note")
        count_by_family("activity", "res.partner.activity.report")
        count_by(
            "role",
            "res.partner.contact.role.line",
            [("commercial_partner_id", "in", ids)],
            "commercial_partner_id",
        )
        Order = self.env["sale.order"]
        if self.env.user._has_group(
            "sales_team.group_sale_salesman"
        ) and Order.has_access("read"):
            parts.append(
                SQL(
                    "SELECT 'occasion', customer.commercial_partner_id, count(*)"
                    " FROM %s AS sold(partner_id)"
                    " JOIN res_partner customer ON customer.id = sold.partner_id"
                    " WHERE customer.commercial_partner_id IN ("
                    "   SELECT commercial_partner_id FROM res_partner"
                    "    WHERE id = ANY(%s))"
                    " GROUP BY customer.commercial_partner_id",
                    Order._search([]).subselect(
                        SQL.identifier(Order._table, "partner_id")
                    ),
                    ids,
                )
            )
        if self.env.user._has_group("mass_mailing.group_mass_mailing_user"):
            count_by(
                "trace",
                "mailing.trace",
                [("model", "=", "res.partner"), ("res_id", "in", ids)],
                "res_id",
            )
        if not parts:
            return []
        return self.env.execute_query(
            SQL("%s %s", family, SQL(" UNION ALL ").join(parts))
        )

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

    @api.depends("consent_ids.state", "consent_ids.date")
    def _compute_consent(self):
        for partner in self:
            latest = partner.sudo().consent_ids.sorted(
                lambda c: (c.date, c.id), reverse=True
            )[:1]
            partner.consent_state = latest.state or "unknown"
            partner.allow_communication = latest.state == "granted"
            partner.consent_date = latest.date
            partner.consent_proof = latest.proof

    @api.depends("is_company")
    def _compute_include_in_mailing(self):
        for partner in self:
            partner.include_in_mailing = not partner.is_company

    def _compute_mailing_list_count(self):
        emails = [e for e in self.mapped("email_normalized") if e]
        lists_by_email = {}
        if emails:
            subscriptions = self.env["mailing.subscription"].search(
                [
                    ("contact_id.email_normalized", "in", emails),
                    ("opt_out", "=", False),
                ]
            )
            for sub in subscriptions:
                lists_by_email.setdefault(sub.contact_id.email_normalized, set()).add(
                    sub.list_id.id
                )
        for partner in self:
            partner.mailing_list_count = len(
                lists_by_email.get(partner.email_normalized, ())
            )

    @api.depends("partner_latitude", "partner_longitude")
    def _compute_osm_url(self):
        for partner in self:
            lat, lon = partner.partner_latitude, partner.partner_longitude
            partner.osm_url = (
                "https://www.openstreetmap.org/"
                f"?mlat={lat:.6f}&mlon={lon:.6f}#map=16/{lat:.6f}/{lon:.6f}"
                if lat or lon
                else False
            )

    @api.constrains("email2")
    def _check_email2(self):
        for partner in self:
            normalized = partner.email2 and email_normalize(partner.email2)
            if partner.email2 and not single_email_re.match(normalized or ""):
                raise ValidationError(
                    self.env._(
                        "The second email of %(partner)s, “%(email)s”, is not a "
                        "valid email address. Enter an address such as "
                        "name@example.com, or leave the field empty.",
                        partner=partner.display_name,
                        email=partner.email2,
                    )
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

    @api.onchange("trust")
    def _onchange_trust_propose_warning(self):
        """In the form, a bad debtor gets an active blocking warning on quotations
        and invoices, proposed in the list of warnings: the user sees it and may
        edit or remove it before saving."""
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

    @api.constrains("partner_latitude", "partner_longitude")
    def _check_geo_position(self):
        for partner in self:
            if not -90.0 <= partner.partner_latitude <= 90.0:
                raise ValidationError(
                    self.env._(
                        "The latitude of %(partner)s must be between -90 and 90 "
                        "degrees (%(value)s given). Correct the Geo Latitude field.",
                        partner=partner.display_name,
                        value=partner.partner_latitude,
                    )
                )
            if not -180.0 <= partner.partner_longitude <= 180.0:
                raise ValidationError(
                    self.env._(
                        "The longitude of %(partner)s must be between -180 and 180 "
                        "degrees (%(value)s given). Correct the Geo Longitude field.",
                        partner=partner.display_name,
                        value=partner.partner_longitude,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        check_input(self, vals_list, CHECKED_FIELDS)
        vals_list = [dict(vals) for vals in vals_list]
        for vals in vals_list:
            self._geo_stamp_vals(vals)
            if vals.get("contact_status") and "contact_status_forced" not in vals:
                vals["contact_status_forced"] = True
        # Roles are ranked within the contact's company: create them once the
        # partner's company and person/company type (set by an inverse) are final.
        role_lines = [vals.pop("role_line_ids", None) for vals in vals_list]
        # Ticking the consent box by any path (RPC, import) is a consent event.
        wanted = [vals.pop("allow_communication", None) for vals in vals_list]
        partners = super().create(vals_list)
        partners._create_role_lines(role_lines)
        partners.filtered(lambda p: p.trust == "bad")._propose_bad_debtor_warning()
        partners._consent_record_from_box(
            [p.id for p, want in zip(partners, wanted, strict=True) if want]
        )
        return partners

    def write(self, vals):
        check_input(self, [vals], CHECKED_FIELDS)
        vals = dict(vals)
        if "contact_status" in vals and "contact_status_forced" not in vals:
            # A status chosen by hand sticks; emptying it goes back to computed.
            vals["contact_status_forced"] = bool(vals["contact_status"])
            if not vals["contact_status"]:
                del vals["contact_status"]
        # Writing the consent box by any path (RPC, import) is a consent event.
        changed, want = self.browse(), False
        if "allow_communication" in vals:
            want = bool(vals.pop("allow_communication"))
            # Compared with the latest committed event, not a stale snapshot: else
            # a grant racing a withdrawal looks like no change and is lost.
            self._consent_lock()
            changed = self.filtered(lambda p: p.allow_communication != want)
        if "parent_id" in vals or "is_company" in vals:
            self._make_room_for_moving_roles(vals)
        role_lines = vals.pop("role_line_ids", None) if len(vals) > 1 else None
        res = self._write_keeping_positions(vals) if vals else True
        if role_lines is not None:
            super().write({"role_line_ids": role_lines})
        if vals.get("trust") == "bad":
            self._propose_bad_debtor_warning()
        if "email" in vals:
            self._consent_sync_blacklist()
        changed._consent_record_from_box(changed.ids, grant=want)
        return res

    def web_read(self, specification):
        self._fetch_card_lines(specification)
        return super().web_read(specification)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_consent_history(self):
        if self.sudo().consent_ids:
            raise UserError(
                self.env._(
                    "%(names)s cannot be deleted: a GDPR consent history is recorded "
                    "for them. Archive the contact, or use 'Anonymise' to erase its "
                    "personal data.",
                    names=", ".join(
                        self.sudo().consent_ids.partner_id.mapped("display_name")
                    ),
                )
            )

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

    def action_view_partner_history(self):
        """OpenFire's "Historique": past and upcoming to-dos and appointments of the
        contact in one list, completed ones included, newest first."""
        action = self.action_view_partner_activities()
        action["context"] = {"search_default_show_completed": 1}
        action["display_name"] = self.env._(
            "History of %(partner)s", partner=self.display_name
        )
        return action

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

    def action_record_consent(self):
        self.ensure_one()
        state = self.env.context.get("consent_state", "granted")
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Record a consent event"),
            "res_model": "res.partner.consent.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_partner_id": self.id,
                "default_state": state,
            },
        }

    def action_open_mailing_subscriptions(self):
        """Prextra's "Postage": the mailing lists the contact's email is on."""
        self.ensure_one()
        contact = self._mailing_contact_get()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Postage: mailing lists of %(name)s", name=self.name),
            "res_model": "mailing.subscription",
            "view_mode": "list",
            "views": [
                (
                    self.env.ref(
                        "crm_contacts_ext.mailing_subscription_view_list_partner"
                    ).id,
                    "list",
                )
            ],
            "domain": [("contact_id", "=", contact.id)],
            "context": {"default_contact_id": contact.id},
        }

    def action_open_mailing_traces(self):
        """Prextra's "Liste des envois": the mailings sent to the contact."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Mailings sent to %(name)s", name=self.name),
            "res_model": "mailing.trace",
            "view_mode": "list,form",
            "views": [
                (
                    self.env.ref("crm_contacts_ext.mailing_trace_view_list_partner").id,
                    "list",
                ),
                (False, "form"),
            ],
            "domain": [("model", "=", "res.partner"), ("res_id", "=", self.id)],
            "context": {"create": False},
        }

    def action_export_personal_data(self):
        """Right of access (GDPR art. 15): the contact's data as a JSON file."""
        self.ensure_one()
        self._check_personal_data_group()
        data = self._personal_data_export()
        # Not attached to the contact: only its creator (and admins) may read it.
        attachment = self.env["ir.attachment"].create(
            {
                "name": f"personal_data_{self.id}.json",
                "mimetype": "application/json",
                "raw": json.dumps(data, indent=2, ensure_ascii=False).encode(),
            }
        )
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{attachment.id}?download=true",
            "target": "download",
        }

    def action_anonymise(self):
        """Right to erasure (GDPR art. 17) without breaking the accounting.

        Posted invoices print the partner's current name and address, so their
        PDF is generated and stored first (Odoo then serves the stored legal
        document); totals are not touched. The consent history stays (it shows
        the processing was lawful) and a withdrawal is recorded.
        """
        self._check_personal_data_group()
        for partner in self:
            partner._anonymise_store_invoice_pdfs()
            if partner.consent_state != "withdrawn":
                self.env["res.partner.consent"].sudo().create(
                    {
                        "partner_id": partner.id,
                        "state": "withdrawn",
                        "channel": "form",
                        "proof": self.env._("Erasure of personal data requested."),
                        "user_id": self.env.user.id,
                    }
                )
            vals = {
                fname: False for fname in ANONYMISED_FIELDS if fname in self._fields
            }
            vals.update(
                name=self.env._("Anonymised contact #%(id)s", id=partner.id),
                include_in_mailing=False,
                category_id=[Command.clear()],
                active=False,
            )
            emails = partner.email_normalized
            partner.with_context(consent_channel="form").sudo().write(vals)
            partner.sudo().message_ids.unlink()
            if emails:
                # the mailing-list copies of the contact go too; the blacklist
                # entry stays so that the address is never mailed again
                self.env["mailing.contact"].sudo().search(
                    [("email_normalized", "=", emails)]
                ).unlink()
        return True

    def action_view_nearby_partners(self):
        """Contacts around this one, nearest first."""
        self.ensure_one()
        if not (self.partner_latitude or self.partner_longitude):
            raise UserError(
                self.env._(
                    "%(partner)s has no position: fill in its Geo Latitude and Geo "
                    "Longitude, or compute them from the address.",
                    partner=self.display_name,
                )
            )
        radius = float(self.env.context.get("nearby_radius_km", 25.0))
        nearby = self.search_nearby(
            self.partner_latitude, self.partner_longitude, radius, limit=80
        )
        ids = [row["id"] for row in nearby if row["id"] != self.id]
        return {
            "type": "ir.actions.act_window",
            "name": self.env._(
                "Contacts within %(radius)s km of %(partner)s",
                radius=radius,
                partner=self.display_name,
            ),
            "res_model": "res.partner",
            "view_mode": "list,form",
            "views": [(False, "list"), (False, "form")],
            "domain": [("id", "in", ids)],
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
        the old choice. Statuses forced to supplier or user are left alone."""
        partners = self.sudo()
        commercials = partners.commercial_partner_id
        commercials.filtered(lambda p: not p.customer_rank).customer_rank = 1
        prospects = (partners | commercials).filtered(
            lambda p: p.contact_status == "prospect"
        )
        prospects.contact_status_forced = False

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
            self.env["res.partner.contact.role.line"].sudo(False).with_context(active_test=True)
        )
        if not Line.has_access("read"):
            return {}
        Line.flush_model(["rank", "role_id", "partner_id"])
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
                          line.rank, line.id
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

    def _fetch_card_lines(self, specification):
        """Which lines the card's lists of the addon hold, in one query.

        The web client reads a contact card with every list of every tab: the
        ORM would ask for each list's lines on its own. This does what
        One2many.read does (field domain and context, the comodel's record rules
        and order) for all of them in one statement, and leaves the result in
        the cache, where the ORM finds it.
        """
        if not self or not all(isinstance(id_, int) for id_ in self._ids):
            return
        parts, fields_by_kind = [], {}
        for name in CARD_LINE_FIELDS:
            if name not in specification:
                continue
            field = self._fields[name]
            comodel = self.env[field.comodel_name].with_context(
                **{"active_test": False, **field.context}
            )
            if not (
                comodel.has_access("read")
                and field.is_accessible(self.env)
                and any(self.env.cache.get_missing_ids(self, field))
            ):
                continue
            query = comodel._search(
                field.get_domain_list(self) + [(field.inverse_name, "in", self.ids)],
                order=comodel._order,
            )
            order, query.order = query.order, None
            parts.append(
                SQL(
                    "(%s)",
                    query.select(
                        SQL("%s", len(parts)),
                        SQL.identifier(comodel._table, field.inverse_name),
                        SQL.identifier(comodel._table, "id"),
                        SQL("row_number() OVER (ORDER BY %s)", order),
                    ),
                )
            )
            fields_by_kind[len(parts) - 1] = field
        if len(parts) < 2:
            return  # the ORM does as well
        lines = defaultdict(list)
        rows = self.env.execute_query(SQL(" UNION ALL ").join(parts))
        for kind, partner_id, line_id, position in rows:
            lines[kind, partner_id].append((position, line_id))
        for kind, field in fields_by_kind.items():
            self.env.cache.insert_missing(
                self,
                field,
                [
                    tuple(line_id for __, line_id in sorted(lines[kind, id_]))
                    for id_ in self._ids
                ],
            )

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

    def _propose_bad_debtor_warning(self):
        """Outside the form (import, RPC), a bad debtor without a blocking warning on
        quotations and invoices gets one *inactive*: a proposal that someone reviews
        and switches on in the list of warnings. Nobody is blocked by surprise."""
        Warning = self.env["res.partner.warning"].sudo().with_context(active_test=False)
        covered = Warning.search(
            [
                ("partner_id", "in", self.ids),
                ("blocking", "=", True),
                ("on_sale_order", "=", True),
                ("on_invoice", "=", True),
            ]
        ).partner_id
        Warning.create(
            [
                partner._prepare_bad_debtor_warning_values()
                | {"partner_id": partner.id, "active": False}
                for partner in self - covered
            ]
        )

    def _prepare_bad_debtor_warning_values(self):
        return {
            "message": self.env._("Bad debtor"),
            "blocking": True,
            "on_meeting": False,
            "on_opportunity": False,
            "on_sale_order": True,
            "on_invoice": True,
        }

    def _check_personal_data_group(self):
        if not self.env.user.has_group("crm_contacts_ext.group_personal_data"):
            raise UserError(
                self.env._(
                    "Only users of the 'Personal data' group can export or "
                    "anonymise a contact's personal data."
                )
            )

    def _anonymise_store_invoice_pdfs(self):
        """Keep the printed identity of posted invoices as their legal PDF."""
        moves = (
            self.env["account.move"]
            .sudo()
            .search(
                [
                    # the contact itself, and its children whose address it syncs
                    ("partner_id", "child_of", self.ids),
                    ("state", "=", "posted"),
                    ("move_type", "in", ("out_invoice", "out_refund")),
                ]
            )
            .filtered(lambda m: not m.invoice_pdf_report_id)
        )
        if not moves:
            return
        Send = self.env["account.move.send"].sudo()
        invoices_data = {
            move: {"pdf_report": Send._get_default_pdf_report_id(move)}
            for move in moves
        }
        for company in moves.company_id:
            Send._prepare_invoice_pdf_report(
                {m: d for m, d in invoices_data.items() if m.company_id == company}
            )
        Send._link_invoice_documents(invoices_data)

    def _personal_data_export(self):
        self.ensure_one()
        field_names = [
            "name",
            "email",
            "phone",
            "mobile",
            "fax",
            "street",
            "street2",
            "zip",
            "city",
            "function",
            "website",
            "lang",
            "comment",
            "include_in_mailing",
            "allow_communication",
            "consent_state",
            "consent_date",
        ]
        partner = self.sudo()
        data = {
            "fields": {
                fname: partner._export_value(fname)
                for fname in field_names
                if fname in partner._fields
            }
        }
        data["fields"]["parent"] = partner.parent_id.display_name or None
        data["fields"]["state"] = partner.state_id.name or None
        data["fields"]["country"] = partner.country_id.name or None
        data["consents"] = [
            {
                "date": fields.Datetime.to_string(c.date),
                "state": c.state,
                "legal_basis": c.legal_basis or None,
                "channel": c.channel,
                "proof": c.proof or None,
                "recorded_by": c.user_id.name,
            }
            for c in partner.consent_ids.sorted(lambda c: (c.date, c.id))
        ]
        if "res.partner.note" in self.env:
            notes = (
                self.env["res.partner.note"]
                .sudo()
                .search([("partner_id", "=", partner.id)])
            )
            data["notes"] = notes.read(
                [
                    f
                    for f in ("create_date", "name", "body", "note")
                    if f in notes._fields
                ]
            )
        activities = (
            self.env["mail.activity"]
            .sudo()
            .search([("res_model", "=", "res.partner"), ("res_id", "=", partner.id)])
        )
        data["activities"] = [
            {
                "type": a.activity_type_id.name,
                "summary": a.summary or None,
                "deadline": fields.Date.to_string(a.date_deadline),
                "note": a.note and str(a.note) or None,
            }
            for a in activities
        ]
        events = (
            self.env["calendar.event"]
            .sudo()
            .search([("partner_ids", "in", partner.id)])
        )
        data["meetings"] = [
            {"name": e.name, "start": fields.Datetime.to_string(e.start)}
            for e in events
        ]
        return json.loads(json.dumps(data, default=str))

    def _export_value(self, fname):
        value = self[fname]
        field = self._fields[fname]
        if field.type == "datetime":
            return fields.Datetime.to_string(value) if value else None
        if field.type in ("char", "text", "html", "selection"):
            return value and str(value) or None
        return value

    def _consent_lock(self):
        """Serialize the transactions changing the consent of these contacts.

        An update of the contacts' rows (to the same values), not only a row lock:
        a transaction doing the same waits for this one, and if this one commits
        meanwhile, PostgreSQL (repeatable read) raises a serialization failure,
        which Odoo's request layer retries on a fresh snapshot, one that sees the
        event committed. A lock alone would let it go on with a snapshot missing
        that event, and compute the contact's consent from an incomplete history.
        """
        partner_ids = sorted({pid for pid in self._origin.ids if pid})
        if not partner_ids:
            return
        # A serialization failure here is expected under concurrency and retried
        # by Odoo: not an error worth logging.
        self.env.cr.execute(
            SQL(
                """
                UPDATE res_partner SET consent_state = consent_state
                 WHERE id IN (SELECT id FROM res_partner WHERE id = ANY(%s)
                               ORDER BY id FOR NO KEY UPDATE)
                """,
                partner_ids,
            ),
            log_exceptions=False,
        )

    def _consent_record_from_box(self, partner_ids, grant=True):
        if not partner_ids:
            return
        self.env["res.partner.consent"].sudo().create(
            [
                {
                    "partner_id": partner_id,
                    "state": "granted" if grant else "withdrawn",
                    "legal_basis": "consent" if grant else False,
                    "channel": self.env.context.get("consent_channel", "import"),
                    "proof": self.env._(
                        "Recorded by %(user)s by a direct update of the contact.",
                        user=self.env.user.name,
                    ),
                    "user_id": self.env.user.id,
                }
                for partner_id in partner_ids
            ]
        )

    def _consent_sync_blacklist(self):
        """A withdrawal blacklists the email for mass mailings; a grant lifts it,
        unless another contact using the same address withdrew (a shared
        address: a withdrawal is only undone by whoever gave it). Then the
        address stays blacklisted and the contact's chatter says why.

        :return: the contacts whose grant left their address blacklisted
        """
        Blacklist = self.env["mail.blacklist"].sudo()
        kept = self.browse()
        for partner in self.filtered("email_normalized"):
            email = partner.email_normalized
            if partner.consent_state == "withdrawn":
                Blacklist._add(
                    email,
                    message=self.env._(
                        "Consent withdrawn by %(name)s.", name=partner.display_name
                    ),
                )
            elif partner.consent_state == "granted" and Blacklist.search(
                [("email", "=", email)]
            ):
                # Archived contacts too: their withdrawal still stands.
                withdrawn = (
                    self.sudo()
                    .with_context(active_test=False)
                    .search_count(
                        [
                            ("email_normalized", "=", email),
                            ("id", "!=", partner.id),
                            ("consent_state", "=", "withdrawn"),
                        ],
                        limit=1,
                    )
                )
                if withdrawn:
                    kept |= partner
                    partner.sudo().message_post(
                        body=self.env._(
                            "Consent granted, but %(email)s stays excluded from mass "
                            "mailings: another contact using this address withdrew "
                            "their consent, and only they can give it again.",
                            email=email,
                        ),
                        subtype_xmlid="mail.mt_note",
                    )
                    continue
                Blacklist._remove(
                    email,
                    message=self.env._(
                        "Consent granted again by %(name)s.",
                        name=partner.display_name,
                    ),
                )
        return kept

    def _mailing_contact_get(self):
        """The mailing contact of this partner's email, created if missing."""
        self.ensure_one()
        if not self.email_normalized:
            raise UserError(
                self.env._(
                    "%(name)s has no email address: fill in the Email field before "
                    "adding the contact to mailing lists.",
                    name=self.display_name,
                )
            )
        Contact = self.env["mailing.contact"]
        contact = Contact.search(
            [("email_normalized", "=", self.email_normalized)], limit=1
        )
        return contact or Contact.create({"name": self.name, "email": self.email})

    def _geo_stamp_vals(self, vals):
        """Record where a new position comes from: the geocoder says so in the
        context, anything else was entered by hand (form, import, RPC)."""
        if "partner_latitude" not in vals and "partner_longitude" not in vals:
            return vals
        if "geo_source" not in vals:
            cleared = (
                "partner_latitude" in vals
                and "partner_longitude" in vals
                and not vals["partner_latitude"]
                and not vals["partner_longitude"]
            )
            if cleared:
                # (0, 0) is how Odoo says "no position"
                vals["geo_source"] = False
                vals.setdefault("date_localization", False)
                return vals
            vals["geo_source"] = self.env.context.get("geo_position_source", "manual")
        if vals["geo_source"]:
            vals.setdefault("date_localization", fields.Date.context_today(self))
        return vals

    def geo_localize(self):
        # Odoo's "Compute based on address" button: its result is a geocoded one.
        return super(
            ResPartner, self.with_context(geo_position_source="geocoded")
        ).geo_localize()

    @api.model
    def search_nearby(self, latitude, longitude, radius_km, limit=20):
        """Contacts within ``radius_km`` kilometres of a point, nearest first.

        The database first narrows by a bounding box (GiST index on the
        position), then computes the exact great-circle (haversine) distance of
        the few rows left. Record rules apply: only contacts the user may read.

        :return: list of ``{"id", "name", "distance_km"}`` dicts
        """
        try:
            latitude, longitude = float(latitude), float(longitude)
            radius_km, limit = float(radius_km), int(limit)
        except (TypeError, ValueError) as error:
            raise ValidationError(
                self.env._(
                    "Nearby search needs a latitude, a longitude and a radius in "
                    "kilometres as numbers."
                )
            ) from error
        if radius_km < 0:
            raise ValidationError(
                self.env._(
                    "The radius of a nearby search must be zero or positive "
                    "(%(radius)s km given).",
                    radius=radius_km,
                )
            )
        if not (-90.0 <= latitude <= 90.0 and -180.0 <= longitude <= 180.0):
            raise ValidationError(
                self.env._(
                    "Nearby search: the latitude must be between -90 and 90 and the "
                    "longitude between -180 and 180 degrees."
                )
            )
        if limit <= 0:
            return []
        # Where contacts are dense, the box of the radius may hold thousands of
        # them: first take the `limit` nearest ones on the map (GiST index order,
        # a few rows read); the `limit` nearest by true distance are no farther
        # than the farthest of these, which gives a much smaller box.
        probe = self._geo_nearby_sql(latitude, longitude, radius_km, limit, knn=True)
        self.env.cr.execute(
            SQL("SELECT count(*), max(distance_km) FROM (%s) AS probe", probe)
        )
        count, farthest = self.env.cr.fetchone()
        if count == limit and farthest is not None:
            radius_km = min(radius_km, farthest)
        self.env.cr.execute(
            self._geo_nearby_sql(latitude, longitude, radius_km, limit, knn=False)
        )
        rows = self.env.cr.fetchall()
        partners = self.browse([row[0] for row in rows])
        return [
            {
                "id": partner.id,
                "name": partner.display_name,
                "distance_km": round(distance_km, 3),
            }
            for partner, (__, distance_km) in zip(partners, rows, strict=True)
        ]

    @api.model
    def _geo_nearby_sql(self, latitude, longitude, radius_km, limit, knn):
        """SELECT id, distance_km of the readable contacts in the box of the
        radius: the ``limit`` nearest on the map (``knn``, index-ordered), or
        those within ``radius_km``, nearest first."""
        query = self._search([("partner_latitude", "!=", 0.0)])
        query.order = None
        alias = query.table
        lat_col = SQL("%s::double precision", SQL.identifier(alias, "partner_latitude"))
        lon_col = SQL(
            "%s::double precision", SQL.identifier(alias, "partner_longitude")
        )
        point = SQL("point(%s, %s)", lon_col, lat_col)
        boxes = [
            SQL("%s <@ box(point(%s, %s), point(%s, %s))", point, w, s_, e, n)
            for (w, s_, e, n) in self._geo_bounding_boxes(
                latitude, longitude, radius_km
            )
        ]
        query.add_where(SQL("(%s)", SQL(" OR ").join(boxes)))
        distance = SQL(
            "2 * %(r)s * asin(least(1.0, sqrt("
            "power(sin(radians(%(lat_col)s - %(lat)s) / 2), 2)"
            " + cos(radians(%(lat)s)) * cos(radians(%(lat_col)s))"
            " * power(sin(radians(%(lon_col)s - %(lon)s) / 2), 2))))",
            r=EARTH_RADIUS_KM,
            lat_col=lat_col,
            lon_col=lon_col,
            lat=latitude,
            lon=longitude,
        )
        select = query.select(
            SQL.identifier(alias, "id"), SQL("%s AS distance_km", distance)
        )
        if knn:
            return SQL(
                "%s ORDER BY %s <-> point(%s, %s) LIMIT %s",
                select,
                point,
                longitude,
                latitude,
                limit,
            )
        return SQL(
            "SELECT nearby.id, nearby.distance_km FROM (%s) AS nearby"
            " WHERE nearby.distance_km <= %s"
            " ORDER BY nearby.distance_km, nearby.id LIMIT %s",
            select,
            radius_km,
            limit,
        )

    @api.model
    def _geo_bounding_boxes(self, latitude, longitude, radius_km):
        """(west, south, east, north) boxes holding every point within
        ``radius_km``: two when the circle crosses the antimeridian."""
        delta_lat = radius_km / KM_PER_DEGREE
        south = max(latitude - delta_lat, -90.0)
        north = min(latitude + delta_lat, 90.0)
        # At the widest latitude of the box a degree of longitude is shortest.
        widest = min(abs(latitude) + delta_lat, 90.0)
        cos_widest = math.cos(math.radians(widest))
        if cos_widest < 1e-9 or radius_km / (KM_PER_DEGREE * cos_widest) >= 180.0:
            return [(-180.0, south, 180.0, north)]  # a pole is within reach
        delta_lon = radius_km / (KM_PER_DEGREE * cos_widest)
        west, east = longitude - delta_lon, longitude + delta_lon
        if west < -180.0:
            return [(west + 360.0, south, 180.0, north), (-180.0, south, east, north)]
        if east > 180.0:
            return [(west, south, 180.0, north), (-180.0, south, east - 360.0, north)]
        return [(west, south, east, north)]

    # Geocoding job ------------------------------------------------------------

    @api.model
    def _geo_pending_domain(self):
        """Contacts with an address but no position that were not tried yet for
        this address (a "not found" stamps date_localization)."""
        return [
            ("partner_latitude", "=", 0.0),
            ("partner_longitude", "=", 0.0),
            ("geo_source", "=", False),
            ("date_localization", "=", False),
            "|",
            ("city", "!=", False),
            ("zip", "!=", False),
        ]

    @api.model
    def _cron_geo_localize(self, batch_size=10, limit=100):
        """Geocode contacts without a position, ``batch_size`` at a time.

        Each batch is committed, so an interruption loses at most one batch and the
        next run resumes with the contacts still without a position. The progress
        goes to the log and to the cron's progress API, which calls this method
        again while contacts remain. When the service fails for a whole batch it is
        probably down: the job stops and the next scheduled run tries again.
        """
        auto_commit = not getattr(threading.current_thread(), "testing", False)
        domain = self._geo_pending_domain()
        pending = self.search_count(domain)
        done = located = failed = 0
        last_id = 0
        service_down = False
        while done < limit:
            batch = self.search(
                domain + [("id", ">", last_id)],
                order="id",
                limit=min(batch_size, limit - done),
            )
            if not batch:
                break
            last_id = batch[-1].id
            stats = batch._geo_localize_batch()
            done += len(batch)
            located += stats["located"]
            failed += stats["failed"]
            _logger.info(
                "Geolocation of contacts: %s processed in this run (%s located, %s "
                "not found, %s service errors), %s left",
                done,
                located,
                done - located - failed,
                failed,
                max(pending - done, 0),
            )
            if auto_commit:
                self.env.cr.commit()  # pylint: disable=invalid-commit
            if stats["failed"] == len(batch):
                service_down = True
                break
        remaining = 0 if service_down else max(pending - done, 0)
        self.env["ir.cron"]._notify_progress(done=done, remaining=remaining)
        return {"done": done, "located": located, "failed": failed}

    def _geo_localize_batch(self):
        """Ask base.geocoder for each partner; one failure never stops the others."""
        stats = {"located": 0, "failed": 0}
        today = fields.Date.context_today(self)
        for partner in self.with_context(lang="en_US"):
            try:
                result = partner._geo_localize(
                    partner.street,
                    partner.zip,
                    partner.city,
                    partner.state_id.name,
                    partner.country_id.name,
                )
            except UserError as error:
                stats["failed"] += 1
                _logger.warning(
                    "Geolocation of contact %s (id %s) failed, will try again on the "
                    "next run: %s",
                    partner.display_name,
                    partner.id,
                    error,
                )
                continue
            if result:
                stats["located"] += 1
                partner.write(
                    {
                        "partner_latitude": result[0],
                        "partner_longitude": result[1],
                        "geo_source": "geocoded",
                        "date_localization": today,
                    }
                )
            else:
                # Tried and not found: not again until the address changes.
                partner.write({"date_localization": today})
        return stats

    # Marketing ------------------------------------------------------------------

    def _sync_utm_from_opportunities(self):
        """Copy campaign, source and channel of the most recent opportunity (by
        creation date, lost and archived ones included) onto these partners and
        their companies; a company also sees its contacts' opportunities.

        One UPDATE for all partners, touching only those whose values differ: a
        write of 10,000 opportunities syncs their 2,000 partners without reading
        them (the ORM write took 24 queries there; see bench/results.md). The
        cache and the fields depending on the three columns are told, as the ORM
        would. A partner left without any opportunity keeps what it has (it may
        have been typed by hand).
        """
        if not self:
            return
        fnames = ["campaign_id", "source_id", "medium_id"]
        self.env["crm.lead"].flush_model(
            ["partner_id", "campaign_id", "source_id", "medium_id", "type"]
        )
        self.flush_model(["commercial_partner_id", *fnames])
        self.env.cr.execute(
            SQL(
                """
                WITH owner AS (
                    SELECT id FROM res_partner WHERE id = ANY(%(ids)s)
                     UNION
                    SELECT commercial_partner_id FROM res_partner
                     WHERE id = ANY(%(ids)s) AND commercial_partner_id IS NOT NULL
                ), opportunity AS (
                    SELECT lead.partner_id AS owner_id, lead.create_date, lead.id,
                           lead.campaign_id, lead.source_id, lead.medium_id
                      FROM crm_lead lead
                      JOIN owner ON owner.id = lead.partner_id
                     WHERE lead.type = 'opportunity'
                    UNION ALL
                    SELECT member.commercial_partner_id, lead.create_date, lead.id,
                           lead.campaign_id, lead.source_id, lead.medium_id
                      FROM crm_lead lead
                      JOIN res_partner member ON member.id = lead.partner_id
                      JOIN owner ON owner.id = member.commercial_partner_id
                     WHERE member.commercial_partner_id != member.id
                       AND lead.type = 'opportunity'
                ), latest AS (
                    SELECT DISTINCT ON (owner_id)
                           owner_id, campaign_id, source_id, medium_id
                      FROM opportunity
                  ORDER BY owner_id, create_date DESC, id DESC
                )
                UPDATE res_partner partner
                   SET campaign_id = latest.campaign_id,
                       source_id = latest.source_id,
                       medium_id = latest.medium_id,
                       write_uid = %(uid)s,
                       write_date = %(now)s
                  FROM latest
                 WHERE partner.id = latest.owner_id
                   AND (partner.campaign_id IS DISTINCT FROM latest.campaign_id
                        OR partner.source_id IS DISTINCT FROM latest.source_id
                        OR partner.medium_id IS DISTINCT FROM latest.medium_id)
             RETURNING partner.id
                """,
                ids=list(self.ids),
                uid=self.env.uid,
                now=self.env.cr.now(),
            )
        )
        synced = self.env["res.partner"].browse(
            row[0] for row in self.env.cr.fetchall()
        )
        if synced:
            synced.invalidate_recordset([*fnames, "write_uid", "write_date"])
            synced.modified(fnames)

    def _handle_first_contact_creation(self):
        # Odoo copies the address of a first contact to its parent without one:
        # a personal (private) address must not become the contact's public one.
        if self.type == "personal":
            return
        return super()._handle_first_contact_creation()

    def _write_keeping_positions(self, vals):
        """Write ``vals``; a position typed by hand survives an address change.

        base_geolocalize resets the position of every partner whose address
        changes; this writes groups of partners with their own position passed
        along, so it calls the parent's write directly.
        """
        coordinates = {"partner_latitude", "partner_longitude"}
        if coordinates & vals.keys():
            vals = self._geo_stamp_vals(dict(vals))
            missing = coordinates - vals.keys()
            if not missing or not any(name in vals for name in GEO_ADDRESS_FIELDS):
                return super().write(vals)
            # One coordinate typed with an address change: base_geolocalize would
            # reset both, give it the other one as it is.
            (name,) = missing
            for value, partners in self.grouped(name).items():
                super(ResPartner, partners).write(dict(vals, **{name: value}))
            return True
        if not any(name in vals for name in GEO_ADDRESS_FIELDS):
            return super().write(vals)
        # base_geolocalize resets the position of every partner whose address
        # changes (odoo/odoo#213929). A position typed by hand is the user's
        # knowledge and must survive: pass it along so that the reset does not apply.
        manual = self.filtered(lambda p: p.geo_source == "manual")
        others = self - manual
        if others:
            located = others.filtered(
                lambda p: p.partner_latitude or p.partner_longitude
            )
            super(ResPartner, others).write(
                dict(vals, geo_source=False, date_localization=False)
            )
            if located:
                # The geocoded position is computed again by the scheduled job,
                # outside the save, so that a slow service never blocks it.
                cron = self.env.ref(
                    "crm_contacts_ext.ir_cron_partner_geo_localize",
                    raise_if_not_found=False,
                )
                if cron:
                    cron._trigger()
        by_position = {}
        for partner in manual:
            key = (partner.partner_latitude, partner.partner_longitude)
            by_position.setdefault(key, self.browse())
            by_position[key] |= partner
        for (lat, lon), partners in by_position.items():
            super(ResPartner, partners).write(
                dict(vals, partner_latitude=lat, partner_longitude=lon)
            )
        return True
