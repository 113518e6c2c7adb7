# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

#: the durations that decide the contacts' marketing basis
BASIS_DURATIONS = {
    "implied_consent_purchase_months",
    "implied_consent_inquiry_months",
    "express_consent_months",
}
DURATIONS = BASIS_DURATIONS | {"consent_confirmation_days", "prospect_retention_months"}


class ResCompany(models.Model):
    _inherit = "res.company"

    mailing_consent_required = fields.Boolean(
        string="Mass mailings need consent",
        default=True,
        help="Mass mailings to contacts and mailing lists only reach contacts "
        "with an express or implied consent (marketing basis). Off: they reach "
        "everyone but those who withdrew.",
    )

    # OpenFire: "par défaut le vendeur va être l'utilisateur qui a créé et
    # renseigné la fiche client".
    partner_default_salesperson = fields.Boolean(
        string="Salesperson by Default",
        default=True,
        help="A new company, or a person without company, created by a "
        "salesperson gets that salesperson when none is given.",
    )

    # Marketing basis (CASL s. 10(10); CNIL "soft opt-in"): how long a business
    # relationship lets the company mail a contact without express consent.
    implied_consent_purchase_months = fields.Integer(
        string="Implied consent after a purchase (months)",
        default=24,
        help="A confirmed order or a posted customer invoice lets mass mailings "
        "reach the customer's contacts for this many months (Canada's anti-spam "
        "law: 24). 0: purchases give no implied consent.",
    )
    implied_consent_inquiry_months = fields.Integer(
        string="Implied consent after an inquiry (months)",
        default=6,
        help="An opportunity or an inquiry lets mass mailings reach the contact's "
        "company for this many months (Canada's anti-spam law: 6). 0: inquiries "
        "give no implied consent.",
    )
    express_consent_months = fields.Integer(
        string="Express consent lasts (months)",
        default=0,
        help="Months after which an express consent must be renewed; 0: it lasts "
        "until withdrawn.",
    )

    consent_confirmation_days = fields.Integer(
        string="Confirmation link valid (days)",
        default=14,
        help="Days during which the link of a consent confirmation email can be "
        "opened (double opt-in).",
    )

    # Dormant prospects (CNIL: 3 years after the last contact from the prospect;
    # Québec's Law 25: anonymise once the purpose is served).
    prospect_retention_months = fields.Integer(
        string="Keep prospects without sign of life (months)",
        default=36,
        help="A prospect (no confirmed order, no posted invoice) with no sign of "
        "life for this many months is listed under Contacts > Personal data > To "
        "review. 0: never.",
    )
    auto_anonymise_dormant = fields.Boolean(
        string="Anonymise dormant prospects",
        help="The daily review anonymises the prospects dormant for 30 days, and "
        "says so on each of them. Never a contact with a posted invoice.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_consent_durations(vals)
        return super().create(vals_list)

    def write(self, vals):
        self._check_consent_durations(vals)
        res = super().write(vals)
        if BASIS_DURATIONS & set(vals):
            self.env["res.partner"].sudo()._marketing_basis_update(all_partners=True)
        return res

    @api.model
    def _check_consent_durations(self, vals):
        """Refuse a negative duration before anything is written."""
        for fname in sorted(DURATIONS):
            value = vals.get(fname)
            minimum = 1 if fname == "consent_confirmation_days" else 0
            if (
                value is not None
                and value is not False
                and (not isinstance(value, int) or value < minimum)
            ):
                raise ValidationError(
                    self.env._(
                        "%(field)s must be a whole number of at least %(minimum)s "
                        "(got %(value)s).",
                        field=self._fields[fname]._description_string(self.env),
                        minimum=minimum,
                        value=value,
                    )
                )
