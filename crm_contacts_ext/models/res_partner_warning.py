# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL

# Document kinds a warning may apply to: the boolean field of res.partner.warning.
WARNING_KINDS = ("on_meeting", "on_opportunity", "on_sale_order", "on_invoice")


class ResPartnerWarning(models.Model):
    """OpenFire's "Avertissements": a message on a contact, shown or blocking.

    The rule is enforced by the documents themselves (see
    partner.warning.mixin), so it holds for every caller, not only the form.
    """

    _name = "res.partner.warning"
    _inherit = "input.check.mixin"
    _description = "Contact warning"
    _order = "blocking desc, id desc"
    _rec_name = "message"

    partner_id = fields.Many2one(
        "res.partner",
        string="Contact",
        required=True,
        index=True,
        ondelete="cascade",
        help="A warning on a company applies to all its contacts.",
    )
    message = fields.Text(required=True)
    blocking = fields.Boolean(
        help="Blocking: the documents ticked below cannot be created, duplicated, "
        "confirmed or posted for this contact. Otherwise the message is only shown.",
    )
    on_meeting = fields.Boolean(string="Appointments", default=True)
    on_opportunity = fields.Boolean(string="Opportunities", default=True)
    on_sale_order = fields.Boolean(string="Quotations / Orders", default=True)
    on_invoice = fields.Boolean(string="Invoices", default=True)
    active = fields.Boolean(default=True)
    date_start = fields.Date(
        string="From", help="Leave empty for a warning that applies at once."
    )
    date_end = fields.Date(
        string="Until", help="Leave empty for a warning that never expires."
    )
    company_id = fields.Many2one(
        "res.company",
        default=lambda self: self.env.company,
        help="The warning applies to the documents of this company only; leave "
        "empty for all companies.",
    )

    @api.constrains("date_start", "date_end")
    def _check_dates(self):
        for warning in self:
            if (
                warning.date_start
                and warning.date_end
                and warning.date_end < warning.date_start
            ):
                raise ValidationError(
                    self.env._(
                        "The warning “%(message)s” ends (Until) before it starts "
                        "(From): correct one of the two dates.",
                        message=warning.message,
                    )
                )

    @api.model
    def _get_applicable(self, partners, kind):
        """Warnings in force today of ``kind`` for ``partners`` and their companies.

        One SQL query for any number of partners, whoever the user is: a blocking
        warning blocks also the users who may not read it.

        :return: {partner id: [(warning id, message, blocking, company id), ...]}
        """
        if kind not in WARNING_KINDS:
            raise ValueError(kind)
        result = defaultdict(list)
        partner_ids = [pid for pid in partners._origin.ids if pid]
        if not partner_ids:
            return result
        self.flush_model()
        self.env["res.partner"].flush_model(["commercial_partner_id"])
        today = fields.Date.context_today(self)
        self.env.cr.execute(
            SQL(
                """
                SELECT p.id, w.id, w.message, w.blocking, w.company_id
                  FROM res_partner p
                  JOIN res_partner_warning w
                    ON w.partner_id IN (p.id, p.commercial_partner_id)
                 WHERE p.id = ANY(%(partner_ids)s)
                   AND w.active
                   AND w.%(kind)s
                   AND (w.date_start IS NULL OR w.date_start <= %(today)s)
                   AND (w.date_end IS NULL OR w.date_end >= %(today)s)
                 ORDER BY w.blocking DESC, w.id
                """,
                partner_ids=partner_ids,
                kind=SQL.identifier(kind),
                today=today,
            )
        )
        for partner_id, *warning in self.env.cr.fetchall():
            result[partner_id].append(tuple(warning))
        return result
