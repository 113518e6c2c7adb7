# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo import api, fields, models
from odoo.osv import expression


class MailingMailing(models.Model):
    _inherit = "mailing.mailing"

    consent_excluded_count = fields.Integer(
        string="Left out",
        compute="_compute_consent_excluded",
        help="Recipients of the filter that the mailing will not reach.",
    )
    consent_not_included_count = fields.Integer(
        string="Not included in mailings", compute="_compute_consent_excluded"
    )
    consent_missing_count = fields.Integer(
        string="Without consent", compute="_compute_consent_excluded"
    )

    @api.depends("mailing_model_real", "mailing_domain", "contact_list_ids")
    def _compute_consent_excluded(self):
        for mailing in self:
            not_included = missing = 0
            exclusions = mailing._consent_exclusion_domains()
            if exclusions:
                Target = self.env[mailing.mailing_model_real]
                base = mailing._consent_base_domain()
                not_included = Target.search_count(
                    expression.AND([base, exclusions["not_included"]])
                )
                missing = Target.search_count(
                    expression.AND([base, exclusions["no_consent"]])
                )
            mailing.consent_not_included_count = not_included
            mailing.consent_missing_count = missing
            mailing.consent_excluded_count = not_included + missing

    def _get_recipients_domain(self):
        """Contacts left out of mailings or without consent are never reached."""
        domain = super()._get_recipients_domain()
        for exclusion in self._consent_exclusion_domains().values():
            domain = expression.AND(
                [domain, ["!"] + expression.normalize_domain(exclusion)]
            )
        return domain

    def _consent_base_domain(self):
        """The recipients' domain before the consent rules."""
        return super()._get_recipients_domain()

    def _consent_exclusion_domains(self):
        """Domains, on the mailing's target model, of who is left out and why.

        res.partner is filtered on its own fields; a mailing-list contact is
        left out when its email belongs only to contacts left out.
        """
        self.ensure_one()
        consent_required = self.env.company.mailing_consent_required
        not_included = [("include_in_mailing", "=", False)]
        no_consent = [("include_in_mailing", "=", True)]
        if consent_required:
            no_consent = expression.AND(
                [no_consent, [("consent_state", "!=", "granted")]]
            )
        else:
            no_consent = expression.FALSE_DOMAIN
        if self.mailing_model_real == "res.partner":
            return {"not_included": not_included, "no_consent": no_consent}
        if self.mailing_model_real != "mailing.contact":
            return {}
        Partner = self.env["res.partner"].sudo().with_context(active_test=False)
        with_email = [("email_normalized", "!=", False)]
        allowed = Partner.search(
            expression.AND(
                [
                    with_email,
                    ["!"] + expression.normalize_domain(not_included),
                    ["!"] + expression.normalize_domain(no_consent),
                ]
            )
        )
        allowed_emails = set(allowed.mapped("email_normalized"))
        not_included_emails = (
            set(
                Partner.search(expression.AND([with_email, not_included])).mapped(
                    "email_normalized"
                )
            )
            - allowed_emails
        )
        no_consent_emails = (
            set(
                Partner.search(expression.AND([with_email, no_consent])).mapped(
                    "email_normalized"
                )
            )
            - allowed_emails
            - not_included_emails
        )
        return {
            "not_included": [("email_normalized", "in", sorted(not_included_emails))],
            "no_consent": [("email_normalized", "in", sorted(no_consent_emails))],
        }
