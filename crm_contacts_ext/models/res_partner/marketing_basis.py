# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""Who may be mailed, and until when: the marketing basis of a contact.

``express``: the latest consent event is a grant with legal basis "consent" (GDPR
art. 6(1)(a) and 7; CASL s. 10(1)), not expired (``express_consent_months``).
``implied``: no express consent, but an existing business relationship of the
contact's company: a confirmed order or a posted customer invoice within
``implied_consent_purchase_months`` (CASL s. 10(10)(a)-(b): 2 years; CNIL's "soft
opt-in" for customers), or an opportunity or inquiry within
``implied_consent_inquiry_months`` (CASL s. 10(10)(c): 6 months).
``withdrawn``: the latest consent event is a withdrawal, or the email address is on
Odoo's blacklist; it always wins, at once. ``none`` otherwise.
"""

from odoo import api, fields, models
from odoo.tools import SQL, format_date

MARKETING_BASES = [
    ("express", "Express consent"),
    ("implied", "Implied consent"),
    ("withdrawn", "Withdrawn"),
    ("none", "No basis"),
]
BASIS_SOURCES = [
    ("consent", "Consent event"),
    ("blacklist", "Blacklisted email"),
    ("sale_order", "Sales order"),
    ("invoice", "Customer invoice"),
    ("opportunity", "Opportunity or inquiry"),
]
BASIS_FIELDS = (
    "marketing_basis",
    "marketing_basis_until",
    "marketing_basis_source",
    "marketing_basis_document",
    "marketing_basis_date",
)
# The PL/pgSQL function computing the basis (see ResPartner.init).
BASIS_FUNCTION = "res_partner_marketing_basis"
# (basis, source, document, since, until) of a contact with nothing
NO_BASIS = ("none", None, None, None, None)
# The ids of the contacts created in the transaction, in its precommit data.
CREATED_IDS = "marketing_basis.created_partner_ids"


class ResPartner(models.Model):
    _inherit = "res.partner"  # pylint: disable=consider-merging-classes-inherited

    # Set by _marketing_basis_update (one UPDATE for any number of contacts),
    # called when an event, a document or the blacklist changes, and daily by
    # the job "Contacts: update marketing basis" for the bases that ended.
    # Computed when a contact is created or changes company or email
    # (_compute_marketing_basis); the ORM then treats them as derived (not copied,
    # not merged, not erased, not written).
    marketing_basis = fields.Selection(
        MARKETING_BASES,
        string="Marketing basis",
        compute="_compute_marketing_basis",
        store=True,
        index=True,
        help="Whether mass mailings may reach the contact: express consent, "
        "implied consent from a purchase or an inquiry of its company, withdrawn "
        "(latest consent event, or blacklisted email: always wins), or none.",
    )
    marketing_basis_until = fields.Date(
        string="Basis until",
        compute="_compute_marketing_basis",
        store=True,
        help="Last day of an implied consent, or of an express consent when the "
        "company sets a duration; empty otherwise.",
    )
    marketing_basis_source = fields.Selection(
        BASIS_SOURCES,
        string="Basis from",
        compute="_compute_marketing_basis",
        store=True,
    )
    marketing_basis_document = fields.Char(
        string="Basis document", compute="_compute_marketing_basis", store=True
    )
    marketing_basis_date = fields.Date(
        string="Basis date", compute="_compute_marketing_basis", store=True
    )
    marketing_basis_reason = fields.Char(
        string="Why", compute="_compute_marketing_basis_reason"
    )

    def init(self):
        res = super().init()
        # Schema upkeep on update: the PL/pgSQL function an earlier version
        # computed the basis with goes. It was meant to plan the query once per
        # connection, but Odoo's connection pool discards every plan when it
        # lends a connection again (DISCARD ALL), so each request planned it
        # again, generically: 2.4 ms a call against 1.1 for the query itself
        # (issue 19). No user here: no rules, companies or time zone.
        self.env.cr.execute(
            SQL("DROP FUNCTION IF EXISTS %s", SQL.identifier(BASIS_FUNCTION))
        )
        return res

    @api.depends("commercial_partner_id", "email_normalized")
    def _compute_marketing_basis(self):
        """New contacts, and contacts whose company or email changed: read in one
        query from their cached company and email, so that new rows are written
        once by the flush. Changes of events, documents and settings go through
        _marketing_basis_update."""
        rows = self._marketing_basis_from_company()
        saved = self.filtered(lambda p: p._origin.id and p.id not in rows)
        if saved:
            self._marketing_basis_flush()
            target = SQL(
                """SELECT * FROM unnest(%s::int[], %s::int[], %s::varchar[])
                    AS t(id, commercial_partner_id, email_normalized)""",
                [p._origin.id for p in saved],
                [p.commercial_partner_id._origin.id or p._origin.id for p in saved],
                [p.email_normalized or None for p in saved],
            )
            # A stored fact, the same for every reader: all documents, whatever
            # the user may read; UTC days (see _marketing_basis_update).
            self.env.cr.execute(
                SQL(
                    "%s SELECT id, basis, source, document, since, until FROM basis",
                    self._marketing_basis_query(target),
                )
            )
            rows.update((row[0], row[1:]) for row in self.env.cr.fetchall())
        for partner in self:
            basis, source, document, since, until = rows.get(
                partner.id, rows.get(partner._origin.id, NO_BASIS)
            )
            partner.marketing_basis = basis
            partner.marketing_basis_source = source
            partner.marketing_basis_document = document
            partner.marketing_basis_date = since
            partner.marketing_basis_until = until

    def _marketing_basis_from_company(self):
        """The basis of the contacts that follows from their company's stored
        basis, without the basis query: people (not companies) at the first
        computation of their basis after their creation, with no consent event,
        whose company's basis is implied (still running today) or none. Their
        company's basis then holds the relationship of the whole company (its
        implied part is the same for all its people; a new person brings no
        document of its own), and their own email's blacklisting is the only
        thing left to add.

        A person added to a customer cost the basis query: 5.6 of the 23 ms of
        SQL its creation took, mostly the query's planning (issue 19).

        :return: {contact id: (basis, source, document, since, until)} for the
            contacts of self it could decide; the others need the query
        :rtype: dict
        """
        # Only a contact's first computation after its creation: it has no
        # document nor event of its own yet (those made before the computation
        # update the basis again, after it). Once moved, it takes the query.
        created = self.env.cr.precommit.data.get(CREATED_IDS) or set()
        first = created.intersection(self._ids)
        created.difference_update(first)
        basis_field = self._fields["marketing_basis"]
        today = fields.Date.today()
        candidates = {}
        for partner in self:
            if partner.id not in first:
                continue
            company = partner.commercial_partner_id
            if (
                isinstance(company.id, int)
                and company.id != partner.id
                and not self.env.is_to_compute(basis_field, company)
                and (
                    company.marketing_basis == "none"
                    or (
                        company.marketing_basis == "implied"
                        and company.marketing_basis_until
                        and company.marketing_basis_until >= today
                    )
                )
            ):
                candidates[partner] = company
        if not candidates:
            return {}
        self.env["res.partner.consent"].flush_model(["partner_id"])
        self.env["mail.blacklist"].flush_model(["email", "active"])
        # As the basis query reads them: all of the person's consent events
        # (whatever company recorded them: the ORM's list may hide some behind
        # record rules) and Odoo's blacklist, whoever reads (the basis is a
        # stored fact, the same for every reader); no dates.
        rows = self.env.execute_query(
            SQL(
                """
                SELECT t.id,
                       EXISTS (SELECT 1 FROM res_partner_consent c
                                WHERE c.partner_id = t.id),
                       bl.id IS NOT NULL
                  FROM unnest(%s::int[], %s::varchar[]) AS t(id, email)
             LEFT JOIN mail_blacklist bl ON bl.email = t.email AND bl.active
                """,
                [partner.id for partner in candidates],
                [partner.email_normalized or None for partner in candidates],
            )
        )
        decided = {}
        for pid, has_events, blacklisted in rows:
            if has_events:
                continue
            if blacklisted:
                decided[pid] = ("withdrawn", "blacklist", None, None, None)
                continue
            company = candidates[self.browse(pid)]
            decided[pid] = (
                company.marketing_basis,
                company.marketing_basis_source,
                company.marketing_basis_document,
                company.marketing_basis_date,
                company.marketing_basis_until,
            )
        return decided

    @api.model
    def _create(self, data_list):
        records = super()._create(data_list)
        # The contacts created in this transaction (see
        # _marketing_basis_from_company): in its data, not in the context,
        # which an RPC client could send.
        self.env.cr.precommit.data.setdefault(CREATED_IDS, set()).update(records.ids)
        return records

    @api.depends(
        "marketing_basis",
        "marketing_basis_until",
        "marketing_basis_source",
        "marketing_basis_document",
        "marketing_basis_date",
    )
    @api.depends_context("lang")
    def _compute_marketing_basis_reason(self):
        sources = {
            "sale_order": self.env._("order"),
            "invoice": self.env._("invoice"),
            "opportunity": self.env._("opportunity"),
        }
        for partner in self:
            values = {
                "date": format_date(self.env, partner.marketing_basis_date),
                "until": format_date(self.env, partner.marketing_basis_until),
                "document": partner.marketing_basis_document or "",
                "kind": sources.get(partner.marketing_basis_source, ""),
            }
            basis = partner.marketing_basis
            if basis == "express" and partner.marketing_basis_until:
                reason = self.env._(
                    "Express consent of %(date)s, until %(until)s", **values
                )
            elif basis == "express":
                reason = self.env._("Express consent of %(date)s", **values)
            elif basis == "implied":
                reason = self.env._(
                    "Implied: %(kind)s %(document)s of %(date)s, until %(until)s",
                    **values,
                )
            elif basis == "withdrawn" and partner.marketing_basis_source == "consent":
                reason = self.env._(
                    "Withdrawn on %(date)s: mass mailings never reach the contact",
                    **values,
                )
            elif basis == "withdrawn":
                reason = self.env._(
                    "Withdrawn: the email address is blacklisted, mass mailings "
                    "never reach it"
                )
            else:
                reason = self.env._(
                    "No consent, and no order, invoice or inquiry of the contact's "
                    "company within the periods of the settings"
                )
            partner.marketing_basis_reason = reason

    @api.model_create_multi
    def create(self, vals_list):
        # Derived from the facts, never given (an import, a copy, a merge).
        vals_list = [
            {k: v for k, v in vals.items() if k not in BASIS_FIELDS}
            for vals in vals_list
        ]
        # A person added to a customer starts with its company's relationship
        # (computed with the other fields of the new rows).
        return super().create(vals_list)

    def write(self, vals):
        if set(BASIS_FIELDS) & set(vals):
            vals = {k: v for k, v in vals.items() if k not in BASIS_FIELDS}
        if not vals:
            return True
        moved = "parent_id" in vals or "is_company" in vals
        before = self.commercial_partner_id if moved else None
        res = super().write(vals)
        if moved:
            # A contact joining or leaving a company brings or takes away its
            # documents: the relationship of both companies, and of all their
            # people, changes with it.
            companies = before | self.commercial_partner_id
            companies.sudo()._marketing_basis_update()
        return res

    @api.model
    def _marketing_basis_default_company(self):
        """The company whose settings apply to a document or contact of no
        company: the main company (the first one), whoever the user is.

        :rtype: res.company
        """
        # The id from Odoo's cache of xml ids: env.ref would also read the
        # company to check that it exists, a query at every contact created.
        main_id = self.env["ir.model.data"]._xmlid_to_res_id(
            "base.main_company", raise_if_not_found=False
        )
        return (
            self.env["res.company"].browse(main_id)
            if main_id
            else self.env["res.company"].sudo().search([], order="id", limit=1)
        ).sudo()

    @api.model
    def _marketing_basis_query(self, target):
        """The ``WITH ... basis AS (...)`` part computing the basis of the rows of
        ``target`` (an SQL giving ``id, commercial_partner_id, email_normalized``):
        ``basis`` holds ``id, basis, source, document, since, until``.

        _marketing_basis_sql for today (UTC) and with the main company's periods
        for what has no company.
        """
        return self._marketing_basis_sql(
            target,
            company_id=SQL("%s", self._marketing_basis_default_company().id),
            today=SQL("%s::date", fields.Date.today()),
        )

    @api.model
    def _marketing_basis_sql(self, target, company_id, today):
        """The query of the basis, as the function of init() runs it: the
        ``WITH ... basis AS (...)`` part over ``target`` (an SQL giving ``id,
        commercial_partner_id, email_normalized``), ``company_id`` (SQL: the
        company whose periods apply to what has none) and ``today`` (SQL: the
        day the periods are counted to)."""
        return SQL(
            """
                WITH target AS (%(target)s),
                families AS (SELECT DISTINCT commercial_partner_id AS cp FROM target),
                latest AS (
                    SELECT DISTINCT ON (c.partner_id)
                           c.partner_id, c.state, c.legal_basis, c.date,
                           co.express_consent_months AS months
                      FROM res_partner_consent c
                      JOIN target t ON t.id = c.partner_id
                      JOIN res_company co ON co.id = c.company_id
                  ORDER BY c.partner_id, c.date DESC, c.id DESC
                ), relation AS (
                    SELECT member.commercial_partner_id AS cp, 'sale_order' AS source,
                           so.name AS document, so.date_order::date AS since,
                           co.implied_consent_purchase_months AS months,
                           0 AS kind, so.id AS record_id
                      FROM sale_order so
                      JOIN res_partner member ON member.id = so.partner_id
                      JOIN families f ON f.cp = member.commercial_partner_id
                      JOIN res_company co ON co.id = so.company_id
                     WHERE so.state = 'sale'
                    UNION ALL
                    SELECT am.commercial_partner_id, 'invoice', am.name,
                           am.invoice_date, co.implied_consent_purchase_months,
                           1, am.id
                      FROM account_move am
                      JOIN families f ON f.cp = am.commercial_partner_id
                      JOIN res_company co ON co.id = am.company_id
                     WHERE am.move_type = 'out_invoice' AND am.state = 'posted'
                    UNION ALL
                    -- archived and lost ones too: the inquiry was made
                    SELECT member.commercial_partner_id, 'opportunity', lead.name,
                           lead.create_date::date, co.implied_consent_inquiry_months,
                           2, lead.id
                      FROM crm_lead lead
                      JOIN res_partner member ON member.id = lead.partner_id
                      JOIN families f ON f.cp = member.commercial_partner_id
                      -- an opportunity of no company: its contact's company's
                      -- period, else the main company's (never the current
                      -- user's: the basis is the same whoever recomputes it)
                      JOIN res_company co
                        ON co.id = COALESCE(lead.company_id, member.company_id,
                                            %(company_id)s)
                ), implied AS (
                    SELECT DISTINCT ON (cp) cp, source, document, since,
                           (since + make_interval(months => months))::date AS until
                      FROM relation
                     WHERE months > 0 AND since IS NOT NULL
                       AND (since + make_interval(months => months))::date
                           >= %(today)s
                  -- Of the documents of one day, the first: a family's
                  -- basis does not change with each order of the day (only
                  -- its document would), nor lock its contacts' rows again
                  -- while other orders of theirs are confirmed (issue 19).
                  ORDER BY cp, until DESC, since DESC, kind, record_id
                ), basis AS (
                    SELECT t.id,
                           CASE WHEN l.state = 'withdrawn' THEN 'withdrawn'
                                WHEN bl.id IS NOT NULL THEN 'withdrawn'
                                WHEN l.express THEN 'express'
                                WHEN i.cp IS NOT NULL THEN 'implied'
                                ELSE 'none' END AS basis,
                           CASE WHEN l.state = 'withdrawn' THEN 'consent'
                                WHEN bl.id IS NOT NULL THEN 'blacklist'
                                WHEN l.express THEN 'consent'
                                ELSE i.source END AS source,
                           CASE WHEN l.state = 'withdrawn' OR bl.id IS NOT NULL
                                  OR l.express THEN NULL
                                ELSE i.document END AS document,
                           CASE WHEN l.state = 'withdrawn' THEN l.date::date
                                WHEN bl.id IS NOT NULL THEN NULL
                                WHEN l.express THEN l.date::date
                                ELSE i.since END AS since,
                           CASE WHEN l.state = 'withdrawn' OR bl.id IS NOT NULL
                                  THEN NULL
                                WHEN l.express THEN l.until
                                ELSE i.until END AS until
                      FROM target t
                 LEFT JOIN (
                        SELECT partner_id, state, date,
                               CASE WHEN months > 0
                                    THEN (date + make_interval(months => months))::date
                               END AS until,
                               state = 'granted' AND legal_basis = 'consent'
                               AND (months IS NULL OR months <= 0
                                    OR (date + make_interval(months => months))::date
                                       >= %(today)s) AS express
                          FROM latest
                       ) l ON l.partner_id = t.id
                 LEFT JOIN mail_blacklist bl
                        ON bl.email = t.email_normalized AND bl.active
                 LEFT JOIN implied i ON i.cp = t.commercial_partner_id
                )
            """,
            target=target,
            company_id=company_id,
            today=today,
        )
