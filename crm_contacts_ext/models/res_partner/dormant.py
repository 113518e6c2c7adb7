# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""Dormant prospects (CNIL: a prospect's data is kept no longer than 3 years
after the last contact coming from the prospect; Québec's Law 25, s. 23:
destroyed or anonymised once its purpose is served).

A contact is dormant when its company (commercial partner) never had a confirmed
order nor a posted customer invoice, and nothing came from any of its people
(a message or email reply they wrote, an opportunity, a quotation, an activity
done on them, a click in a mailing) for the company's
``prospect_retention_months``. The daily job marks them for review; with
``auto_anonymise_dormant`` it anonymises them 30 days later.
"""

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.osv import expression
from odoo.tools import SQL

#: days between a contact turning dormant and the job anonymising it
AUTO_ANONYMISE_DELAY_DAYS = 30
#: contacts anonymised per call of the job (Odoo's cron runner calls it again)
ANONYMISE_BATCH = 100


class ResPartner(models.Model):
    _inherit = "res.partner"  # pylint: disable=consider-merging-classes-inherited

    is_dormant = fields.Boolean(
        string="Dormant prospect",
        readonly=True,
        copy=False,
        index=True,
        help="A prospect (no confirmed order, no posted invoice ever) with no sign "
        "of life for the retention period of the settings: to review.",
    )
    last_activity_date = fields.Date(
        string="Last sign of life",
        readonly=True,
        copy=False,
        help="Last message, email reply, opportunity, quotation, activity done or "
        "mailing click of the contact or its company (set by the daily review).",
    )
    dormant_date = fields.Date(
        string="Dormant since",
        readonly=True,
        copy=False,
    )

    def _dormant_update(self):
        """Mark the dormant prospects of the whole database, in one statement.

        :return: ids of the contacts marked dormant by this call
        :rtype: list[int]

        Superuser SQL over every company's documents: whether a person is a
        prospect or gave a sign of life does not depend on who looks. Archived
        contacts and the users' own contacts are left alone.
        """
        for model, fnames in (
            ("res.partner", ["commercial_partner_id", "create_date", "active"]),
            ("mail.message", ["author_id", "message_type", "date"]),
            ("crm.lead", ["partner_id", "create_date"]),
            ("sale.order", ["partner_id", "state", "create_date"]),
            ("account.move", ["commercial_partner_id", "state", "move_type"]),
            ("mail.activity", ["res_model", "res_id", "date_done"]),
            ("mailing.trace", ["model", "res_id", "links_click_datetime"]),
            (
                "res.company",
                ["prospect_retention_months", "partner_id"],
            ),
        ):
            self.env[model].flush_model(fnames)
        # UTC days: a daily job over every company's contacts has no user's time
        # zone, and a day does not matter against a retention of months.
        today = fields.Date.today()
        self.env.cr.execute(
            SQL(
                """
                WITH member AS (
                    SELECT id, commercial_partner_id AS cp FROM res_partner
                ), customer AS (
                    SELECT DISTINCT m.cp FROM sale_order so
                      JOIN member m ON m.id = so.partner_id
                     WHERE so.state = 'sale'
                    UNION
                    SELECT commercial_partner_id FROM account_move
                     WHERE state = 'posted'
                       AND move_type IN ('out_invoice', 'out_refund')
                ), sign AS (
                    SELECT m.cp, p.create_date AS at FROM res_partner p
                      JOIN member m ON m.id = p.id
                    UNION ALL
                    SELECT m.cp, msg.date FROM mail_message msg
                      JOIN member m ON m.id = msg.author_id
                     WHERE msg.message_type IN ('email', 'comment')
                    UNION ALL
                    SELECT m.cp, lead.create_date FROM crm_lead lead
                      JOIN member m ON m.id = lead.partner_id
                    UNION ALL
                    SELECT m.cp, so.create_date FROM sale_order so
                      JOIN member m ON m.id = so.partner_id
                    UNION ALL
                    SELECT m.cp, act.date_done FROM mail_activity act
                      JOIN member m ON m.id = act.res_id
                     WHERE act.res_model = 'res.partner'
                       AND act.date_done IS NOT NULL
                    UNION ALL
                    SELECT m.cp, trace.links_click_datetime FROM mailing_trace trace
                      JOIN member m ON m.id = trace.res_id
                     WHERE trace.model = 'res.partner'
                       AND trace.links_click_datetime IS NOT NULL
                ), last_sign AS (
                    SELECT cp, MAX(at)::date AS at FROM sign GROUP BY cp
                ), state AS (
                    SELECT p.id, ls.at AS last_sign, p.is_dormant AS was_dormant,
                           p.active
                           AND c.cp IS NULL
                           AND u.id IS NULL
                           AND own.id IS NULL
                           AND co.prospect_retention_months > 0
                           AND ls.at < (%(today)s::date
                               - make_interval(months => co.prospect_retention_months)
                           )::date AS dormant
                      FROM res_partner p
                      JOIN last_sign ls ON ls.cp = p.commercial_partner_id
                      JOIN res_company co
                        ON co.id = COALESCE(p.company_id, %(company_id)s)
                 LEFT JOIN customer c ON c.cp = p.commercial_partner_id
                 LEFT JOIN res_users u ON u.partner_id = p.id
                 LEFT JOIN res_company own ON own.partner_id = p.commercial_partner_id
                )
                UPDATE res_partner partner
                   SET is_dormant = state.dormant,
                       last_activity_date = state.last_sign,
                       dormant_date = CASE
                           WHEN NOT state.dormant THEN NULL
                           WHEN partner.is_dormant THEN partner.dormant_date
                           ELSE %(today)s::date END
                  FROM state
                 WHERE partner.id = state.id
                   AND (partner.is_dormant IS DISTINCT FROM state.dormant
                        OR partner.last_activity_date IS DISTINCT FROM state.last_sign)
             RETURNING partner.id,
                       state.dormant AND NOT COALESCE(state.was_dormant, FALSE)
                """,
                today=today,
                # a contact of no company: the main company's retention period
                company_id=self._marketing_basis_default_company().id,
            )
        )
        rows = self.env.cr.fetchall()
        self.invalidate_model(["is_dormant", "last_activity_date", "dormant_date"])
        return [pid for pid, newly in rows if newly]

    @api.model
    def _cron_review_dormant(self):
        """Daily job "Contacts: review dormant prospects": mark them, then, for
        the companies that enabled ``auto_anonymise_dormant``, anonymise those
        dormant for 30 days (by batches; never a contact with a posted invoice)
        and say so on the contact."""
        self._dormant_update()
        Partner = self.sudo()
        limit = fields.Date.today() - relativedelta(days=AUTO_ANONYMISE_DELAY_DAYS)
        companies = (
            self.env["res.company"]
            .sudo()
            .search([("auto_anonymise_dormant", "=", True)])
        )
        if not companies:
            return
        of_companies = [("company_id", "in", companies.ids)]
        if self.env.company in companies:  # contacts shared by all companies
            of_companies = expression.OR([of_companies, [("company_id", "=", False)]])
        due = Partner.search(
            expression.AND(
                [
                    [("is_dormant", "=", True), ("dormant_date", "<=", limit)],
                    of_companies,
                ]
            )
        )
        batch = due[:ANONYMISE_BATCH]
        # Last check, on the data of now: a posted invoice is never erased here.
        invoiced = (
            self.env["account.move"]
            .sudo()
            .search(
                [
                    ("commercial_partner_id", "in", batch.commercial_partner_id.ids),
                    ("state", "=", "posted"),
                ]
            )
            .commercial_partner_id
        )
        for partner in batch.filtered(
            lambda p: p.commercial_partner_id not in invoiced
        ):
            last = partner.last_activity_date
            partner.action_anonymise()
            partner.message_post(
                body=self.env._(
                    "Anonymised by the job 'Contacts: review dormant prospects': a "
                    "prospect with no sign of life since %(date)s, dormant for "
                    "%(days)s days.",
                    date=last,
                    days=AUTO_ANONYMISE_DELAY_DAYS,
                ),
                subtype_xmlid="mail.mt_note",
            )
        self.env["ir.cron"]._notify_progress(
            done=len(batch), remaining=len(due) - len(batch)
        )
