# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""GDPR consent (OpenFire "Utilisation données personnelles"): the append-only
history, the box that records an event, and the mass-mailing blacklist it drives.
"""

from datetime import datetime

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL


class ResPartner(models.Model):
    _inherit = "res.partner"  # pylint: disable=consider-merging-classes-inherited

    # A consent decision and a blacklisting apply to every contact using the
    # address: they are found by it on each tick of the box (see
    # mail.blacklist._marketing_basis_partners, _consent_sync_blacklist). Odoo
    # does not index it: each tick read every contact (3.75x slower a tick
    # among 100,000 contacts, bench "toggle consent"). Contacts without an
    # email are left out of the index.
    email_normalized = fields.Char(index="btree_not_null")

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

    @api.depends("consent_ids.state", "consent_ids.date")
    def _compute_consent(self):
        latest_events = self._consent_latest_events()
        for partner in self:
            latest = latest_events[partner]
            partner.consent_state = latest.state or "unknown"
            partner.allow_communication = latest.state == "granted"
            partner.consent_date = latest.date
            partner.consent_proof = latest.proof

    def _consent_latest_events(self):
        """The latest consent event of each contact (by date, then by id).

        :return: {contact: res.partner.consent (sudo) or an empty recordset}
        :rtype: dict

        A saved contact's is found by one query, whatever the length of its
        history (the whole history read on each new event made every toggle of
        a long-used contact slower: issue 19); a contact being edited in a
        form (not saved, or with unsaved events) from its lines in memory.
        """
        Consent = self.env["res.partner.consent"].sudo()
        saved = self.filtered(lambda p: isinstance(p.id, int))
        latest = {}
        if saved:
            Consent.flush_model(["partner_id", "date", "state"])
            # All of a contact's events count, whatever company recorded them
            # and whoever reads (as the sudo read of consent_ids did): the
            # consent is a fact about the contact. Events are never archived;
            # dates are UTC, compared as stored.
            rows = self.env.execute_query(
                SQL(
                    """
                    SELECT DISTINCT ON (partner_id) partner_id, id
                      FROM res_partner_consent
                     WHERE partner_id = ANY(%s)
                  ORDER BY partner_id, date DESC, id DESC
                    """,
                    saved.ids,
                )
            )
            events = Consent.browse([event_id for __, event_id in rows])
            by_partner = dict(zip([pid for pid, __ in rows], events, strict=True))
            latest = {partner: by_partner.get(partner.id, Consent) for partner in saved}
        for partner in self - saved:
            # By the saved events' ids: the lines of a card being edited are
            # new records, whose ids do not compare (events of one second).
            latest[partner] = partner.sudo().consent_ids.sorted(
                lambda c: (c.date or datetime.min, c._origin.id or 0), reverse=True
            )[:1]
        return latest

    @api.model_create_multi
    def create(self, vals_list):
        # Ticking the consent box by any path (RPC, import) is a consent event.
        vals_list = [dict(vals) for vals in vals_list]
        wanted = [vals.pop("allow_communication", None) for vals in vals_list]
        partners = super().create(vals_list)
        partners._consent_record_from_box(
            [p.id for p, want in zip(partners, wanted, strict=True) if want]
        )
        return partners

    def write(self, vals):
        # Writing the consent box by any path (RPC, import) is a consent event.
        changed, want = self.browse(), False
        if "allow_communication" in vals:
            vals = dict(vals)
            want = bool(vals.pop("allow_communication"))
            changed = self.filtered(lambda p: p.allow_communication != want)
            # Compared with the latest committed event, not a stale snapshot: else
            # a grant racing a withdrawal looks like no change and is lost. The
            # lock makes a transaction whose snapshot missed a concurrent event
            # fail and be retried (wherever it is taken before the commit); the
            # contacts whose box changes are locked by their new event.
            (self - changed)._consent_lock()
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
        # by Odoo: not an error worth logging. Writes no value (a lock on ids the
        # caller holds), so no rules, companies or archiving to apply.
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
