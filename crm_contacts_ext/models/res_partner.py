# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
import json

from odoo import Command, api, fields, models
from odoo.exceptions import UserError

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


class ResPartner(models.Model):
    _inherit = "res.partner"

    # Both source ERPs keep a fax number on the card; Odoo dropped the field in 13.0.
    fax = fields.Char()

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
        compute="_compute_mailing_counts",
        groups="mass_mailing.group_mass_mailing_user",
    )
    mailing_trace_count = fields.Integer(
        compute="_compute_mailing_counts",
        groups="mass_mailing.group_mass_mailing_user",
    )

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

    def _compute_mailing_counts(self):
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
        trace_counts = dict(
            self.env["mailing.trace"]._read_group(
                [("model", "=", "res.partner"), ("res_id", "in", self.ids)],
                ["res_id"],
                ["__count"],
            )
        )
        for partner in self:
            partner.mailing_list_count = len(
                lists_by_email.get(partner.email_normalized, ())
            )
            partner.mailing_trace_count = trace_counts.get(partner.id, 0)

    @api.model_create_multi
    def create(self, vals_list):
        wanted = [vals.pop("allow_communication", None) for vals in vals_list]
        partners = super().create(vals_list)
        partners._consent_record_from_box(
            [p.id for p, want in zip(partners, wanted, strict=True) if want]
        )
        return partners

    def write(self, vals):
        """Writing the box by any path (RPC, import) is itself a consent event."""
        changed, want = self.browse(), False
        if "allow_communication" in vals:
            vals = dict(vals)
            want = bool(vals.pop("allow_communication"))
            changed = self.filtered(lambda p: p.allow_communication != want)
        res = super().write(vals) if vals else True
        if "email" in vals:
            self._consent_sync_blacklist()
        changed._consent_record_from_box(changed.ids, grant=want)
        return res

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
        """A withdrawal blacklists the email for mass mailings; a grant lifts it."""
        Blacklist = self.env["mail.blacklist"].sudo()
        for partner in self.filtered("email_normalized"):
            if partner.consent_state == "withdrawn":
                Blacklist._add(
                    partner.email_normalized,
                    message=self.env._(
                        "Consent withdrawn by %(name)s.", name=partner.display_name
                    ),
                )
            elif partner.consent_state == "granted" and Blacklist.search(
                [("email", "=", partner.email_normalized)]
            ):
                Blacklist._remove(
                    partner.email_normalized,
                    message=self.env._(
                        "Consent granted again by %(name)s.",
                        name=partner.display_name,
                    ),
                )

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
