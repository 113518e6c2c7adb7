# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""A person's opt-out of a mailing list is undone by that person only (issue 17).

Prextra's "Postage" shows the contact's mailing lists and lets a user tick and untick
them. An opt-out the person made (the unsubscribe link of a mailing, Odoo's
subscription page) must not be undone by a colleague without a word: GDPR art. 21(3)
and Canada's anti-spam law (CASL s. 11) make an unsubscribe request binding.
"""

from odoo import api, models
from odoo.exceptions import UserError
from odoo.tools import format_datetime


class MailingSubscription(models.Model):
    _inherit = "mailing.subscription"

    def write(self, vals):
        if "opt_out" in vals and not vals["opt_out"]:
            self.filtered("opt_out")._check_resubscription()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_opt_out(self):
        """An opt-out row is the proof of the person's request: an internal user
        deleting it (and adding the list again) would undo it silently. Deleting the
        mailing contact or the list (Anonymise, list clean-up) removes the rows in
        the database without this check."""
        if not self.env.user._is_internal():
            return
        opted_out = self.filtered("opt_out")
        if opted_out:
            raise UserError(
                self.env._(
                    "%(email)s unsubscribed from “%(list)s”: the line is kept as the "
                    "proof of that request and cannot be deleted.",
                    email=opted_out[0].contact_id.email_normalized
                    or opted_out[0].contact_id.display_name,
                    list=opted_out[0].list_id.name,
                )
            )

    def _check_resubscription(self):
        """Refuse to clear the opt-out of these subscriptions for an internal user.

        The person re-subscribes through Odoo's public subscription page (a public
        or portal user, allowed); a colleague may only once a consent grant was
        recorded for that email after the opt-out (the proof that the person asked).

        :raise UserError: for the first subscription with no later grant
        """
        if not self or not self.env.user._is_internal():
            return
        emails = [e for e in self.mapped("contact_id.email_normalized") if e]
        latest_grant = {}
        if emails:
            # Consent events of every contact with that address, whoever may read
            # them: the check protects the person, not the reader.
            events = (
                self.env["res.partner.consent"]
                .sudo()
                .with_context(active_test=False)
                .search_fetch(
                    [
                        ("partner_id.email_normalized", "in", emails),
                        ("state", "=", "granted"),
                    ],
                    ["date", "partner_id"],
                )
            )
            for event in events:
                email = event.partner_id.email_normalized
                if event.date > latest_grant.get(email, event.date.min):
                    latest_grant[email] = event.date
        for subscription in self:
            email = subscription.contact_id.email_normalized
            opted_out_on = subscription.opt_out_datetime
            grant = latest_grant.get(email)
            # consent dates are kept to the second, Odoo's opt-out time is finer
            if grant and (
                not opted_out_on or grant >= opted_out_on.replace(microsecond=0)
            ):
                continue
            raise UserError(
                self.env._(
                    "%(email)s unsubscribed from “%(list)s” on %(date)s. Only the "
                    "person can subscribe again (from the link in any mailing), or "
                    "record their consent on the contact first (Personal data & "
                    "mailing › Record consent).",
                    email=email or subscription.contact_id.display_name,
                    list=subscription.list_id.name,
                    date=format_datetime(self.env, opted_out_on, dt_format="short")
                    if opted_out_on
                    else "?",
                )
            )
