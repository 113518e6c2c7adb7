# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo import api, fields, models
from odoo.osv import expression

#: who a mass mailing may reach, by the company's "Mass mailings need consent"
ALLOWED_BASES = {True: ("express", "implied"), False: ("express", "implied", "none")}


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
    consent_withdrawn_count = fields.Integer(
        string="Withdrawn", compute="_compute_consent_excluded"
    )
    consent_missing_count = fields.Integer(
        string="Without consent",
        compute="_compute_consent_excluded",
        help="Neither express nor implied consent (setting 'Mass mailings need "
        "consent').",
    )

    @api.depends("mailing_model_real", "mailing_domain", "contact_list_ids")
    def _compute_consent_excluded(self):
        for mailing in self:
            counts = dict.fromkeys(("not_included", "withdrawn", "no_basis"), 0)
            exclusions = mailing._consent_exclusion_domains()
            if exclusions:
                Target = self.env[mailing.mailing_model_real]
                base = mailing._consent_base_domain()
                for reason in counts:
                    counts[reason] = Target.search_count(
                        expression.AND([base, exclusions[reason]])
                    )
            mailing.consent_not_included_count = counts["not_included"]
            mailing.consent_withdrawn_count = counts["withdrawn"]
            mailing.consent_missing_count = counts["no_basis"]
            mailing.consent_excluded_count = sum(counts.values())

    def _get_recipients_domain(self):
        """Contacts left out of mailings, who withdrew, or (consent required)
        without express or implied consent are never reached.

        A withdrawn address on Odoo's blacklist stays in the domain: Odoo's own
        blacklist cancels it at sending, and the mailing's statistics count it
        as blacklisted, as in plain Odoo.
        """
        domain = super()._get_recipients_domain()
        exclusions = self._consent_exclusion_domains()
        if exclusions:
            withdrawn = exclusions["withdrawn"]
            if "is_blacklisted" in self.env[self.mailing_model_real]._fields:
                withdrawn = expression.AND(
                    [withdrawn, [("is_blacklisted", "=", False)]]
                )
            for exclusion in (
                exclusions["not_included"],
                withdrawn,
                exclusions["no_basis"],
            ):
                domain = expression.AND(
                    [domain, ["!"] + expression.normalize_domain(exclusion)]
                )
        return domain

    def _consent_base_domain(self):
        """The recipients' domain before the consent rules."""
        return super()._get_recipients_domain()

    def _consent_exclusion_domains(self):
        """Domains, on the mailing's target model, of who is left out and why:
        ``not_included``, ``withdrawn``, ``no_basis`` (disjoint).

        res.partner is filtered on its own fields; a mailing-list contact is
        left out when its email belongs only to contacts left out (an address
        of no contact is reached: subscribing to a list is its consent).
        """
        self.ensure_one()
        allowed = ALLOWED_BASES[bool(self.env.company.mailing_consent_required)]
        included = [("include_in_mailing", "=", True)]
        domains = {
            "not_included": [("include_in_mailing", "=", False)],
            "withdrawn": expression.AND(
                [included, [("marketing_basis", "=", "withdrawn")]]
            ),
            "no_basis": expression.AND(
                [
                    included,
                    [("marketing_basis", "not in", (*allowed, "withdrawn"))],
                ]
            ),
        }
        if self.mailing_model_real == "res.partner":
            return domains
        if self.mailing_model_real != "mailing.contact":
            return {}
        # One read of the contacts with an address: which addresses are allowed,
        # and why the others are not (the first reason of any of their contacts).
        Partner = self.env["res.partner"].sudo().with_context(active_test=False)
        rows = Partner.search_read(
            [("email_normalized", "!=", False)],
            ["email_normalized", "include_in_mailing", "marketing_basis"],
        )
        allowed_emails, reasons = set(), {}
        for row in rows:
            email = row["email_normalized"]
            if not row["include_in_mailing"]:
                reason = "not_included"
            elif row["marketing_basis"] == "withdrawn":
                reason = "withdrawn"
            elif row["marketing_basis"] not in allowed:
                reason = "no_basis"
            else:
                allowed_emails.add(email)
                continue
            reasons.setdefault(email, reason)
        by_reason = {reason: [] for reason in domains}
        for email, reason in reasons.items():
            if email not in allowed_emails:
                by_reason[reason].append(email)
        return {
            reason: [("email_normalized", "in", sorted(emails))]
            for reason, emails in by_reason.items()
        }
