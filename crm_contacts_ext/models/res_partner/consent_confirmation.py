# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""Double opt-in: ask a contact to confirm its consent by email."""

from odoo import models
from odoo.exceptions import UserError


class ResPartner(models.Model):
    _inherit = "res.partner"  # pylint: disable=consider-merging-classes-inherited

    def action_request_consent_confirmation(self):
        """Email each contact a signed, single-use link (valid the company's
        *Confirmation link valid (days)*) whose opening records its express
        consent, with the date, IP address and text confirmed as proof.

        Contacts without an email, or who withdrew (a request for consent is a
        commercial email too: CASL s. 1(3)), are skipped; for a single contact
        it is an error.

        :return: a notification saying how many emails were sent and skipped
        :raises UserError: a single contact that cannot be asked
        :raises AccessError: the user may not edit the contacts
        """
        self.check_access("write")
        skipped = self.filtered(
            lambda p: not p.email_normalized or p.marketing_basis == "withdrawn"
        )
        if len(self) == 1 and skipped:
            if not self.email_normalized:
                raise UserError(
                    self.env._(
                        "%(name)s has no email address: fill in the Email field "
                        "before asking for a confirmation.",
                        name=self.display_name,
                    )
                )
            raise UserError(
                self.env._(
                    "%(name)s withdrew their consent: they cannot be emailed a "
                    "request for consent. Only they can give it again (by phone, "
                    "on paper, on the website), then record it with 'Record "
                    "consent'.",
                    name=self.display_name,
                )
            )
        template = self.env.ref("crm_contacts_ext.mail_template_consent_confirmation")
        Request = self.env["res.partner.consent.request"]
        asked = self - skipped
        for partner in asked:
            request = Request._create_for(partner, "confirm")
            template.sudo().send_mail(request.id)
            partner.sudo().message_post(
                body=self.env._(
                    "Consent confirmation asked by %(user)s: a link was emailed to "
                    "%(email)s.",
                    user=self.env.user.name,
                    email=partner.email_normalized,
                ),
                subtype_xmlid="mail.mt_note",
            )
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success" if asked else "warning",
                "message": self.env._(
                    "Confirmation emailed to %(sent)s contact(s); %(skipped)s "
                    "skipped (no email, or consent withdrawn).",
                    sent=len(asked),
                    skipped=len(skipped),
                ),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }
