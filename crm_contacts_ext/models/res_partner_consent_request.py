# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""Double opt-in: a signed, single-use link emailed to a contact, whose opening
records the contact's own consent (or withdrawal) with its proof.

The token is ``<id>-<HMAC>``, signed with the database secret by Odoo's
``tools.hmac``: nobody can make one for another request, and changing the id
breaks the signature. Each request is used once; the use is marked by a
conditional UPDATE, so two clicks at once record one event.
"""

from datetime import timedelta

from odoo import api, fields, models, tools
from odoo.tools import SQL, consteq

TOKEN_SCOPE = "crm_contacts_ext.consent_request"


class ResPartnerConsentRequest(models.Model):
    _name = "res.partner.consent.request"
    _description = "Consent confirmation request"
    _order = "id desc"
    _rec_name = "partner_id"

    partner_id = fields.Many2one(
        "res.partner", string="Contact", required=True, index=True, ondelete="cascade"
    )
    kind = fields.Selection(
        [("confirm", "Confirm consent"), ("withdraw", "Withdraw consent")],
        required=True,
        default="confirm",
    )
    email = fields.Char(required=True, help="The address the link was sent to.")
    text = fields.Text(
        required=True, help="What the contact confirms, in the contact's language."
    )
    expiry_date = fields.Datetime(
        string="Expires on", help="Empty: the link never expires."
    )
    used_date = fields.Datetime(string="Used on", readonly=True)
    consent_id = fields.Many2one("res.partner.consent", readonly=True)
    user_id = fields.Many2one(
        "res.users",
        string="Requested by",
        required=True,
        default=lambda self: self.env.user,
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )

    def _token(self):
        self.ensure_one()
        signature = tools.hmac(
            self.env(su=True),
            TOKEN_SCOPE,
            (self.id, self.partner_id.id, self.kind),
        )
        return f"{self.id}-{signature}"

    def _url(self):
        """Absolute URL of the link, on the contact's company's site."""
        self.ensure_one()
        route = "confirm" if self.kind == "confirm" else "withdraw"
        return f"{self.get_base_url()}/consent/{route}/{self._token()}"

    @api.model
    def _from_token(self, token, kind):
        """The request a token names, if its signature is right; else empty."""
        request_id, _sep, signature = (token or "").partition("-")
        if not request_id.isdigit() or not signature or int(request_id) >= 2**31:
            return self.browse()
        request = self.sudo().browse(int(request_id)).exists()
        if not request or request.kind != kind:
            return self.browse()
        expected = request._token().partition("-")[2]
        return request if consteq(expected, signature) else self.browse()

    def _use(self, ip_address):
        """Record the contact's event once, with the date, the IP address and
        the text confirmed as its proof.

        :param str ip_address: the address the link was opened from
        :return: ``"done"``, ``"used"`` or ``"expired"``
        """
        self.ensure_one()
        now = fields.Datetime.now()
        if self.used_date:
            return "used"
        if self.expiry_date and self.expiry_date < now:
            return "expired"
        # Claims this request, found as superuser by its signed token (public
        # link, no user): no rules nor companies; timestamps, not days.
        self.env.cr.execute(
            SQL(
                """UPDATE res_partner_consent_request SET used_date = %s
                    WHERE id = %s AND used_date IS NULL RETURNING id""",
                now,
                self.id,
            )
        )
        if not self.env.cr.fetchone():
            return "used"
        self.invalidate_recordset(["used_date"])
        partner = self.partner_id.with_context(lang=self.partner_id.lang)
        env = partner.env
        grant = self.kind == "confirm"
        proof = env._(
            "%(what)s by the contact, who opened the link emailed to %(email)s on "
            "%(sent)s (UTC). Opened on %(date)s (UTC) from the IP address "
            "%(ip)s. Text confirmed: \u00ab %(text)s \u00bb",
            what=env._("Consent confirmed") if grant else env._("Consent withdrawn"),
            email=self.email,
            sent=fields.Datetime.to_string(self.create_date),
            date=fields.Datetime.to_string(now),
            ip=ip_address or "?",
            text=self.text,
        )
        consent = (
            self.env["res.partner.consent"]
            .sudo()
            .create(
                {
                    "partner_id": self.partner_id.id,
                    "state": "granted" if grant else "withdrawn",
                    "legal_basis": "consent" if grant else False,
                    "channel": "email",
                    "date": now,
                    "proof": proof,
                    "company_id": self.company_id.id,
                }
            )
        )
        self.sudo().consent_id = consent
        return "done"

    @api.model
    def _create_for(self, partner, kind):
        """A new request for ``partner``, valid the company's number of days
        (a withdrawal link does not expire: CASL s. 11(3) wants it working)."""
        company = self.env.company
        lang_partner = partner.with_context(lang=partner.lang)
        if kind == "confirm":
            text = lang_partner.env._(
                "I agree to receive emails from %(company)s about its products, "
                "services and events. I can withdraw this consent at any time.",
                company=company.name,
            )
            expiry = fields.Datetime.now() + timedelta(
                days=company.consent_confirmation_days or 14
            )
        else:
            text = lang_partner.env._(
                "I no longer want to receive emails from %(company)s about its "
                "products, services and events.",
                company=company.name,
            )
            expiry = False
        return self.sudo().create(
            {
                "partner_id": partner.id,
                "kind": kind,
                "email": partner.email_normalized,
                "text": text,
                "expiry_date": expiry,
                "company_id": company.id,
            }
        )
