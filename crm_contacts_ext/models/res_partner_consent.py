# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from .input_check import check_input, is_id

LEGAL_BASES = [
    ("consent", "Consent"),
    ("contract", "Contract"),
    ("legitimate_interest", "Legitimate interest"),
    ("legal_obligation", "Legal obligation"),
]
CHANNELS = [
    ("form", "Form"),
    ("email", "Email"),
    ("phone", "Phone"),
    ("paper", "Paper"),
    ("web", "Web"),
    ("import", "Import"),
]


class ResPartnerConsent(models.Model):
    """One GDPR consent event of a contact (article 7: demonstrable consent).

    The history is append-only: a wrong event is corrected by recording a new one,
    never by editing or deleting the old one, so that the record of what the
    contact agreed to, when and how, cannot be rewritten afterwards.
    """

    _name = "res.partner.consent"
    _description = "Contact consent event"
    _order = "date desc, id desc"
    _rec_name = "partner_id"

    partner_id = fields.Many2one(
        "res.partner",
        string="Contact",
        required=True,
        index=True,
        # Deleting a contact with a consent history is refused in res.partner
        # (erasure anonymises instead); the database enforces it too.
        ondelete="restrict",
    )
    state = fields.Selection(
        [("granted", "Granted"), ("withdrawn", "Withdrawn")],
        required=True,
    )
    date = fields.Datetime(required=True, default=fields.Datetime.now)
    legal_basis = fields.Selection(LEGAL_BASES)
    channel = fields.Selection(CHANNELS, required=True, default="form")
    proof = fields.Text(
        groups="crm_contacts_ext.group_personal_data",
        help="What the contact said or the terms agreed to.",
    )
    proof_document = fields.Binary(
        attachment=True, groups="crm_contacts_ext.group_personal_data"
    )
    proof_filename = fields.Char(groups="crm_contacts_ext.group_personal_data")
    user_id = fields.Many2one(
        "res.users",
        string="Recorded by",
        required=True,
        default=lambda self: self.env.user,
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )

    @api.model
    def _default_company_for(self, partner):
        """The company of the contact when the user works for it, else the one
        the event is recorded in: the contact's users see its history."""
        company = partner.sudo().company_id
        return company if company in self.env.companies else self.env.company

    @api.constrains("date", "state", "legal_basis")
    def _check_event(self):
        for consent in self:
            consent._check_event_values(
                {
                    "date": consent.date,
                    "state": consent.state,
                    "legal_basis": consent.legal_basis,
                    "partner_id": consent.partner_id.id,
                }
            )

    @api.model
    def _check_event_values(self, vals):
        date = fields.Datetime.to_datetime(vals.get("date")) or fields.Datetime.now()
        if date > fields.Datetime.now():
            raise ValidationError(
                self.env._(
                    "The date of a consent event (%(date)s) cannot be in the "
                    "future: record the event when it happens.",
                    date=date,
                )
            )
        if vals.get("state") == "granted" and not vals.get("legal_basis"):
            raise ValidationError(
                self.env._(
                    "A consent granted by %(partner)s needs a legal basis: choose "
                    "consent, contract, legitimate interest or legal obligation.",
                    partner=self.env["res.partner"]
                    .browse(vals.get("partner_id"))
                    .sudo()
                    .display_name,
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        vals_list = [dict(vals) for vals in vals_list]
        Partner = self.env["res.partner"]
        for vals in vals_list:
            # Never without a company (nobody but the superuser would see it).
            partner_id = vals.get("partner_id")
            if not vals.get("company_id") and is_id(partner_id):
                vals["company_id"] = self._default_company_for(
                    Partner.browse(partner_id)
                ).id
        # Checked before writing anything (the constraints below re-check).
        check_input(self, vals_list, create=True)
        for vals in vals_list:
            self._check_event_values(vals)
        # The contact's consent is computed from its whole history: appending an
        # event waits for (and then sees) the events being appended concurrently.
        Partner.browse(
            [vals["partner_id"] for vals in vals_list if vals.get("partner_id")]
        )._consent_lock()
        consents = super().create(vals_list)
        partners = consents.partner_id
        # A withdrawal takes effect at once, a grant too: the basis of the
        # contacts and of those sharing their address, in one update.
        with self.env["mail.blacklist"]._marketing_basis_deferred(partners):
            partners._consent_sync_blacklist()
        return consents

    def write(self, vals):
        # No bypass for the superuser: the history is evidence.
        if self:
            raise UserError(
                self.env._(
                    "Consent events cannot be modified. To correct one, record a new "
                    "consent event for the contact."
                )
            )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_consent_history(self):
        # Runs for every caller, superuser included.
        raise UserError(
            self.env._(
                "Consent events cannot be deleted: they prove what the contact "
                "agreed to. Record a new event (e.g. a withdrawal) instead."
            )
        )
