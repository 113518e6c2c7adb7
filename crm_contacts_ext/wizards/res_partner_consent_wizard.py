# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo import fields, models

from ..models.res_partner_consent import CHANNELS, LEGAL_BASES


class ResPartnerConsentWizard(models.TransientModel):
    """What ticking or unticking "Authorised to receive communications" asks.

    Any user of the contact may record the proof; once recorded, only the
    "Personal data" group can read it back.
    """

    _name = "res.partner.consent.wizard"
    _inherit = "input.check.mixin"
    _description = "Record a consent event"

    partner_id = fields.Many2one("res.partner", string="Contact", required=True)
    state = fields.Selection(
        [("granted", "Granted"), ("withdrawn", "Withdrawn")],
        required=True,
        default="granted",
    )
    date = fields.Datetime(required=True, default=fields.Datetime.now)
    legal_basis = fields.Selection(LEGAL_BASES, default="consent")
    channel = fields.Selection(CHANNELS, required=True, default="phone")
    proof = fields.Text(help="What the contact said or the terms agreed to.")
    proof_document = fields.Binary()
    proof_filename = fields.Char()

    def action_confirm(self):
        """Record the event; a grant that leaves the address blacklisted (another
        contact sharing it withdrew) tells the user why in a notification."""
        self.ensure_one()
        self.partner_id.check_access("write")
        self.env["res.partner.consent"].sudo().create(
            {
                "partner_id": self.partner_id.id,
                "state": self.state,
                "date": self.date,
                "legal_basis": self.legal_basis,
                "channel": self.channel,
                "proof": self.proof,
                "proof_document": self.proof_document,
                "proof_filename": self.proof_filename,
                "user_id": self.env.user.id,
            }
        )
        close = {"type": "ir.actions.act_window_close"}
        partner = self.partner_id
        if self.state == "granted" and partner.email_normalized:
            blacklisted = (
                self.env["mail.blacklist"]
                .sudo()
                .search_count([("email", "=", partner.email_normalized)], limit=1)
            )
            if blacklisted:
                return {
                    "type": "ir.actions.client",
                    "tag": "display_notification",
                    "params": {
                        "type": "warning",
                        "sticky": True,
                        "title": self.env._("Still excluded from mass mailings"),
                        "message": self.env._(
                            "The consent of %(name)s is recorded, but %(email)s stays "
                            "excluded from mass mailings: another contact using this "
                            "address withdrew their consent, and only they can give "
                            "it again.",
                            name=partner.display_name,
                            email=partner.email_normalized,
                        ),
                        "next": close,
                    },
                }
        return close
