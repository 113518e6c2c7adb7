# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""Keeping the marketing basis up to date: one UPDATE for the contacts concerned,
taken without waiting for other transactions, and the daily job."""

import logging
import time

from dateutil.relativedelta import relativedelta
from psycopg2 import errors

from odoo import SUPERUSER_ID, api, fields, models
from odoo.modules.registry import Registry
from odoo.tools import SQL

from .marketing_basis import BASIS_FIELDS

_logger = logging.getLogger(__name__)

# The purchases an implied consent comes from, in the order the basis query
# prefers them on a tie (_marketing_basis_sql: kind, then id): their basis
# source, the field of their customer's company, the domain of those counted.
PURCHASES = {
    "sale.order": (
        "sale_order",
        "partner_id.commercial_partner_id",
        [("state", "=", "sale")],
    ),
    "account.move": (
        "invoice",
        "commercial_partner_id",
        [("move_type", "=", "out_invoice"), ("state", "=", "posted")],
    ),
}


class ResPartner(models.Model):
    _inherit = "res.partner"  # pylint: disable=consider-merging-classes-inherited

    @api.model
    def _marketing_basis_flush(self):
        """Write to the database what the basis is computed from."""
        self.env["res.partner.consent"].flush_model(
            ["partner_id", "state", "date", "legal_basis", "company_id"]
        )
        self.env["mail.blacklist"].flush_model(["email", "active"])
        self.env["sale.order"].flush_model(
            ["partner_id", "state", "date_order", "company_id", "name"]
        )
        self.env["account.move"].flush_model(
            ["commercial_partner_id", "state", "move_type", "invoice_date", "name"]
        )
        self.env["crm.lead"].flush_model(["partner_id", "company_id", "name"])
        self.env["res.company"].flush_model(
            [
                "implied_consent_purchase_months",
                "implied_consent_inquiry_months",
                "express_consent_months",
            ]
        )

    def _marketing_basis_update(self, all_partners=False):
        """Recompute the marketing basis of these contacts, and of the people of
        the companies among them, in one UPDATE touching only what changed.

        :param bool all_partners: every contact of the database (a setting of a
            company changed), archived ones included
        :return: the contacts whose basis changed
        :rtype: res.partner

        Runs on the whole database's documents, whatever the current user may
        read (superuser SQL): the basis is a fact about the contact, the same for
        every reader. Dates are UTC days: the law counts in months.
        """
        if not self and not all_partners:
            return self.browse()
        fnames = list(BASIS_FIELDS)
        self._marketing_basis_flush()
        self.flush_model(["commercial_partner_id", "email_normalized", *fnames])
        ids = [pid for pid in self._origin.ids if pid]
        if all_partners:
            basis = SQL(
                "%s, merged AS (SELECT * FROM basis)",
                self._marketing_basis_query(
                    SQL(
                        "SELECT id, commercial_partner_id, email_normalized"
                        " FROM res_partner"
                    )
                ),
            )
        else:
            basis = self._marketing_basis_merged(ids)
        diff = SQL(
            """(partner.marketing_basis IS DISTINCT FROM basis.basis
                OR partner.marketing_basis_source IS DISTINCT FROM basis.source
                OR partner.marketing_basis_document IS DISTINCT FROM basis.document
                OR partner.marketing_basis_date IS DISTINCT FROM basis.since
                OR partner.marketing_basis_until IS DISTINCT FROM basis.until)"""
        )
        # The rows to change are locked without waiting: two users confirming
        # orders of one customer at once must neither wait for each other nor
        # fail (issue 19). The one that finds the row taken does it again
        # right after its commit, on a fresh snapshot.
        query = SQL(
            """%(basis)s, locked AS (
                    SELECT partner.id FROM res_partner partner
                      JOIN merged basis ON basis.id = partner.id
                     WHERE %(diff)s
                       FOR NO KEY UPDATE OF partner NOWAIT
                )
                UPDATE res_partner partner
                   SET marketing_basis = basis.basis,
                       marketing_basis_source = basis.source,
                       marketing_basis_document = basis.document,
                       marketing_basis_date = basis.since,
                       marketing_basis_until = basis.until
                  FROM merged basis
                  JOIN locked ON locked.id = basis.id
                 WHERE partner.id = basis.id
             RETURNING partner.id
            """,
            basis=basis,
            diff=diff,
        )
        try:
            with self.env.cr.savepoint(flush=False):
                self.env.cr.execute(query, log_exceptions=False)
                changed_ids = [row[0] for row in self.env.cr.fetchall()]
        except (errors.LockNotAvailable, errors.SerializationFailure):
            if self.env.context.get("marketing_basis_after_commit"):
                raise
            self._marketing_basis_update_after_commit(ids, all_partners)
            return self.browse()
        changed = self.env["res.partner"].browse(changed_ids)
        if changed:
            changed.invalidate_recordset(fnames)
            changed.modified(fnames)
        return changed

    @api.model
    def _marketing_basis_merged(self, ids):
        """The ``WITH ... merged AS (...)`` part giving the basis (``id, basis,
        source, document, since, until``) of the contacts ``ids`` and of the
        people of the companies among them.

        What a contact's own consent decides (a withdrawal, a blacklisted
        address, an express consent still running: they win over any document)
        is read by one small query; only the others need the basis query, whose
        planning alone cost 6 ms of a consent toggle's 30 (issue 19).

        :param list ids: res.partner ids
        :rtype: odoo.tools.SQL
        """
        # The contacts concerned, archived ones too, with the latest consent
        # event of each and whether its address is blacklisted: as the basis
        # query reads them (a stored fact, the same for every reader: no record
        # rules nor companies; event dates are UTC).
        rows = self.env.execute_query(
            SQL(
                """
                SELECT t.id, t.commercial_partner_id, t.email_normalized,
                       l.state, l.legal_basis, l.date, co.express_consent_months,
                       bl.id IS NOT NULL
                  FROM res_partner t
             LEFT JOIN LATERAL (
                        SELECT c.state, c.legal_basis, c.date, c.company_id
                          FROM res_partner_consent c
                         WHERE c.partner_id = t.id
                      ORDER BY c.date DESC, c.id DESC
                         LIMIT 1
                       ) l ON TRUE
             LEFT JOIN res_company co ON co.id = l.company_id
             LEFT JOIN mail_blacklist bl
                    ON bl.email = t.email_normalized AND bl.active
                 WHERE t.id = ANY(%(ids)s) OR t.commercial_partner_id = ANY(%(ids)s)
                """,
                ids=ids,
            )
        )
        today = fields.Date.today()
        decided, others = {}, []
        for pid, cp, email, state, legal_basis, date, months, blacklisted in rows:
            until = (
                (date + relativedelta(months=months)).date()
                if date and months and months > 0
                else None
            )
            if state == "withdrawn":
                decided[pid] = ("withdrawn", "consent", None, date.date(), None)
            elif blacklisted:
                decided[pid] = ("withdrawn", "blacklist", None, None, None)
            elif (
                state == "granted"
                and legal_basis == "consent"
                and (until is None or until >= today)
            ):
                decided[pid] = ("express", "consent", None, date.date(), until)
            else:
                others.append((pid, cp, email))
        columns = [list(column) for column in zip(*decided.values(), strict=True)]
        known = SQL(
            """SELECT * FROM unnest(%s::int[], %s::varchar[], %s::varchar[],
                                    %s::varchar[], %s::date[], %s::date[])
                AS known(id, basis, source, document, since, until)""",
            list(decided),
            *(columns or [[] for __ in range(5)]),
        )
        if not others:
            return SQL("WITH merged AS (%s)", known)
        target = SQL(
            """SELECT * FROM unnest(%s::int[], %s::int[], %s::varchar[])
                AS t(id, commercial_partner_id, email_normalized)""",
            *(list(column) for column in zip(*others, strict=True)),
        )
        return SQL(
            """%s, merged AS (
                   SELECT id, basis, source, document, since, until FROM basis
                    UNION ALL %s)""",
            self._marketing_basis_query(target),
            known,
        )

    def _marketing_basis_kept(self, document, since, months):
        """Whether the stored basis of this commercial partner stays when
        ``document`` is added to its documents: it is already implied until
        a later day, or until the same day by a document of a later day, or of
        the same day by one the basis query prefers (an order before an
        invoice, then the lowest id). A customer confirming orders or posting
        invoices all day long then costs one basis query a day, not one a
        document (issue 19: 6 ms of SQL each).

        Trusts the stored basis as the basis query trusts the documents it
        sees; an update left to the daily job (_marketing_basis_update_after
        _commit) is caught up there.

        :param document: the confirmed sale.order or posted customer invoice
            (account.move), just counted, superuser
        :param since: its date (datetime.date, UTC as the basis query's)
        :param int months: its company's implied consent after a purchase
        :rtype: bool
        """
        self.ensure_one()
        if months <= 0 or not since:
            return True  # the document gives no basis
        until = since + relativedelta(months=months)
        if until < fields.Date.today():
            return True
        stored = (self.marketing_basis_until, self.marketing_basis_date)
        if self.marketing_basis != "implied" or not all(stored):
            return False
        if stored != (until, since):
            return stored > (until, since)
        sources = [source for source, *__ in PURCHASES.values()]
        source, family, counted = PURCHASES[document._name]
        if self.marketing_basis_source not in sources:
            return False  # an opportunity gives way to a purchase
        if self.marketing_basis_source != source:
            return sources.index(self.marketing_basis_source) < sources.index(source)
        earlier = document.search_count(
            [
                ("name", "=", self.marketing_basis_document),
                ("id", "<", document.id),
                (family, "=", self.id),
                *counted,
            ],
            limit=1,
        )
        return bool(earlier)

    def _marketing_basis_update_after_commit(self, ids, all_partners):
        """Recompute the basis of ``ids`` once this transaction is committed,
        in a transaction of its own (a few tries if the rows are still taken;
        the daily job catches what is left)."""
        dbname = self.env.cr.dbname

        @self.env.cr.postcommit.add
        def update():
            for attempt in range(3):
                try:
                    with Registry(dbname).cursor() as cr:
                        env = api.Environment(
                            cr, SUPERUSER_ID, {"marketing_basis_after_commit": True}
                        )
                        env["res.partner"].browse(ids)._marketing_basis_update(
                            all_partners=all_partners
                        )
                    return
                except (errors.LockNotAvailable, errors.SerializationFailure):
                    time.sleep(0.05 * (attempt + 1))
            _logger.info("Marketing basis of %s left to the daily job", ids)

    @api.model
    def _marketing_basis_update_all(self):
        """Every contact, on install and update of the addon (data file)."""
        return self.sudo()._marketing_basis_update(all_partners=True)

    @api.model
    def _cron_marketing_basis_update(self):
        """Daily: every contact's basis computed again, in one UPDATE touching
        only the contacts whose basis changed: those whose implied (or
        time-limited express) consent ended the day before move to their next
        basis, usually ``none``, and an update left undone by a busy moment
        (see ``_marketing_basis_update_after_commit``) is caught up.

        :return: the contacts whose basis changed
        :rtype: res.partner
        """
        return self.sudo()._marketing_basis_update(all_partners=True)
