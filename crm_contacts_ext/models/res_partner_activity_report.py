# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
import pytz

from odoo import api, fields, models
from odoo.osv import expression
from odoo.tools import SQL

from .mail_activity import PRIORITY_SELECTION

# Documents whose activities and appointments are part of their customer's history.
DOCUMENT_MODELS = ("crm.lead", "sale.order", "account.move")
# The report's columns, in the order of its SQL.
REPORT_COLUMNS = (
    "id",
    "kind",
    "name",
    "partner_id",
    "res_model",
    "res_id",
    "res_name",
    "activity_id",
    "event_id",
    "activity_type_id",
    "priority",
    "date",
    "start",
    "stop",
    "allday",
    "duration",
    "location",
    "user_id",
    "is_recurrent",
    "privacy",
    "state",
    "active",
)
# The columns a count of the report's rows needs (res.partner's card): the
# contact, the document (whose record rules _search applies), "active" (only
# open activities and coming appointments are counted), and those the record
# rule on others' private appointments reads.
COUNT_COLUMNS = (
    "id",
    "partner_id",
    "res_model",
    "res_id",
    "user_id",
    "privacy",
    "active",
)
# Marks, on the cursor, that _search_to_count is building its query: the
# report of COUNT_COLUMNS. Not a context key, which a client could send to a
# list (its columns then missing: an SQL error).
COUNT_KEY = "activity_report.counting"


class ResPartnerActivityReport(models.Model):
    """Activities and appointments of a contact in one list (Prextra "Activités",
    OpenFire "Historique").

    One row per activity (any type) on the contact or on one of its documents
    (opportunities, quotations and orders, invoices), per appointment the contact
    attends (one row per attendee) and per appointment of one of its documents.
    Done activities (kept archived by Odoo) and past appointments are inactive:
    "Show completed" brings them back. Dates and states are in the user's time
    zone.
    """

    _name = "res.partner.activity.report"
    _description = "Contact Activities and Appointments"
    _auto = False
    _order = "date desc, start desc, id desc"
    _rec_name = "name"

    kind = fields.Selection(
        [("activity", "To-do"), ("event", "Appointment")], readonly=True
    )
    name = fields.Char(string="Subject", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Contact", readonly=True)
    res_model = fields.Char(string="Document Model", readonly=True)
    res_id = fields.Many2oneReference(
        string="Document ID", model_field="res_model", readonly=True
    )
    res_name = fields.Char(string="Document", readonly=True)
    activity_id = fields.Many2one("mail.activity", readonly=True)
    event_id = fields.Many2one("calendar.event", string="Appointment", readonly=True)
    activity_type_id = fields.Many2one("mail.activity.type", readonly=True)
    priority = fields.Selection(PRIORITY_SELECTION, readonly=True)
    date = fields.Date(readonly=True)
    start = fields.Datetime(readonly=True)
    stop = fields.Datetime(readonly=True)
    allday = fields.Boolean(string="All Day", readonly=True)
    duration = fields.Float(readonly=True)
    location = fields.Char(readonly=True)
    user_id = fields.Many2one("res.users", string="Responsible", readonly=True)
    is_recurrent = fields.Boolean(string="Recurrent", readonly=True)
    privacy = fields.Selection(
        [
            ("public", "Public"),
            ("private", "Private"),
            ("confidential", "Only internal users"),
        ],
        readonly=True,
    )
    state = fields.Selection(
        [
            ("overdue", "Overdue"),
            ("today", "Today"),
            ("planned", "Planned"),
            ("done", "Done"),
        ],
        readonly=True,
    )
    active = fields.Boolean(readonly=True)

    @property
    def _table_query(self):
        # "Today", "now" and the day of an appointment are the user's, as in the
        # chatter: computed in Python (the user's time zone, and the clock the
        # tests freeze), not with PostgreSQL's CURRENT_DATE in the server's zone.
        # A count (_search_to_count) selects only COUNT_COLUMNS: no time zone
        # nor day, fewer expressions for PostgreSQL to plan.
        counting = self.env.cr.cache.get(COUNT_KEY)
        now = fields.Datetime.now()
        activity = {
            "activity_id": SQL("a.id"),
            "event_id": SQL("NULL::integer"),
            "activity_type_id": SQL("a.activity_type_id"),
            "priority": SQL("a.priority"),
            "start": SQL("NULL::timestamp"),
            "stop": SQL("NULL::timestamp"),
            "allday": SQL("TRUE"),
            "duration": SQL("0.0"),
            "location": SQL("NULL::varchar"),
            "user_id": SQL("a.user_id"),
            "is_recurrent": SQL("COALESCE(a.recurrence_type, 'none') != 'none'"),
            "privacy": SQL("'public'"),
            "active": SQL("a.active"),
        }
        event = {
            "activity_id": SQL("NULL::integer"),
            "event_id": SQL("e.id"),
            "activity_type_id": SQL("NULL::integer"),
            "priority": SQL("e.priority"),
            "start": SQL("e.start"),
            "stop": SQL("e.stop"),
            "allday": SQL("COALESCE(e.allday, FALSE)"),
            "duration": SQL("e.duration"),
            "location": SQL("e.location"),
            "user_id": SQL("e.user_id"),
            "is_recurrent": SQL("COALESCE(e.recurrency, FALSE)"),
            "privacy": SQL("COALESCE(e.privacy, s.calendar_default_privacy, 'public')"),
            "active": SQL("e.stop >= %s", now),
        }
        if not counting:
            tz = self.env.context.get("tz") or self.env.user.tz
            if tz not in pytz.all_timezones_set:
                tz = "UTC"
            today = fields.Date.context_today(self)
            local_start = SQL("(e.start AT TIME ZONE 'UTC' AT TIME ZONE %s)::date", tz)
            day = SQL("CASE WHEN e.allday THEN e.start_date ELSE %s END", local_start)
            activity["date"] = SQL("a.date_deadline")
            activity["state"] = SQL(
                """CASE
                       WHEN NOT a.active THEN 'done'
                       WHEN a.date_deadline < %(today)s THEN 'overdue'
                       WHEN a.date_deadline = %(today)s THEN 'today'
                       ELSE 'planned'
                   END""",
                today=today,
            )
            event["date"] = day
            event["state"] = SQL(
                """CASE
                       WHEN e.stop < %s THEN 'done'
                       WHEN %s = %s THEN 'today'
                       ELSE 'planned'
                   END""",
                now,
                day,
                today,
            )

        def columns(row, common):
            values = {**row, **common}
            return SQL(", ").join(
                SQL("%s AS %s", values[name], SQL.identifier(name))
                for name in REPORT_COLUMNS
                if not counting or name in COUNT_COLUMNS
            )

        # Activities and appointments of the contact and of its documents
        # (OpenFire's "Historique"). Done activities are archived ones (every
        # activity type keeps them, see mail_activity_type.py). Rows of documents
        # the user may not read are filtered out in _search, with their rules.
        # Written so that a filter on the contact reaches each table's index
        # (the documents by their customer, activities and appointments by
        # their document): each row's contact is a column of one table, and
        # "document" is inlined where it is used, not computed whole. Else every
        # card read every order, invoice and opportunity of the database: 66 ms
        # a card with 100,000 invoices (issue 19).
        return SQL(
            """
            WITH document(res_model, res_id, partner_id, res_name)
              AS NOT MATERIALIZED (
                SELECT 'crm.lead', id, partner_id, name
                  FROM crm_lead WHERE partner_id IS NOT NULL
                 UNION ALL
                SELECT 'sale.order', id, partner_id, name
                  FROM sale_order WHERE partner_id IS NOT NULL
                 UNION ALL
                SELECT 'account.move', id, partner_id, name
                  FROM account_move WHERE partner_id IS NOT NULL
            )
            SELECT %(own_activities)s
              FROM mail_activity a
             WHERE a.res_model = 'res.partner'
         UNION ALL
            SELECT %(document_activities)s
              FROM document d
              JOIN mail_activity a
                ON a.res_model = d.res_model AND a.res_id = d.res_id
         UNION ALL
            SELECT %(attended_events)s
              FROM calendar_attendee att
              JOIN calendar_event e ON e.id = att.event_id AND e.active
         LEFT JOIN res_users_settings s ON s.user_id = e.user_id
         UNION ALL
            SELECT %(document_events)s
              FROM document d
              -- An appointment's document is its opportunity, else the record
              -- it was made from: two conditions, each on an index of its own.
              JOIN calendar_event e
                ON (d.res_model = 'crm.lead' AND e.opportunity_id = d.res_id)
                OR (e.opportunity_id IS NULL
                    AND e.res_model = d.res_model AND e.res_id = d.res_id)
         LEFT JOIN res_users_settings s ON s.user_id = e.user_id
             WHERE e.active
               AND NOT EXISTS (
                       SELECT 1 FROM calendar_attendee att
                        WHERE att.event_id = e.id AND att.partner_id = d.partner_id)
            """,
            own_activities=columns(
                {
                    "id": SQL("a.id * 3"),
                    "kind": SQL("'activity'"),
                    "name": SQL("a.summary"),
                    "partner_id": SQL("a.res_id"),
                    "res_model": SQL("a.res_model"),
                    "res_id": SQL("a.res_id"),
                    "res_name": SQL("a.res_name"),
                },
                activity,
            ),
            document_activities=columns(
                {
                    "id": SQL("a.id * 3"),
                    "kind": SQL("'activity'"),
                    "name": SQL("a.summary"),
                    "partner_id": SQL("d.partner_id"),
                    "res_model": SQL("a.res_model"),
                    "res_id": SQL("a.res_id"),
                    "res_name": SQL("a.res_name"),
                },
                activity,
            ),
            attended_events=columns(
                {
                    "id": SQL("att.id * 3 + 1"),
                    "kind": SQL("'event'"),
                    "name": SQL("e.name"),
                    "partner_id": SQL("att.partner_id"),
                    "res_model": SQL("NULL::varchar"),
                    "res_id": SQL("NULL::integer"),
                    "res_name": SQL("NULL::varchar"),
                },
                event,
            ),
            document_events=columns(
                {
                    "id": SQL("e.id * 3 + 2"),
                    "kind": SQL("'event'"),
                    "name": SQL("e.name"),
                    "partner_id": SQL("d.partner_id"),
                    "res_model": SQL("d.res_model"),
                    "res_id": SQL("d.res_id"),
                    "res_name": SQL("d.res_name"),
                },
                event,
            ),
        )

    @api.model
    def _search_to_count(self, domain):
        """The rows of ``domain`` the user may read, to be counted: _search on
        a report of COUNT_COLUMNS only, when the domain and the record rules
        read no other column (else on the whole report).

        :param list domain: a domain on the report
        :return: odoo.tools.query.Query
        """
        rules = self.env["ir.rule"]._compute_domain(self._name, "read")
        names = {
            leaf[0].split(".")[0]
            for leaf in list(domain) + list(rules or [])
            if isinstance(leaf, (list, tuple)) and len(leaf) == 3
        }
        if not names <= set(COUNT_COLUMNS):
            return self._search(domain)
        cache = self.env.cr.cache
        cache[COUNT_KEY] = True
        try:
            # the query's FROM is built here, from _table_query
            return self._search(domain)
        finally:
            cache.pop(COUNT_KEY, None)

    @api.model
    def _search(self, domain, offset=0, limit=None, order=None, **kwargs):
        """Rows of a document only for the users who may read the document.

        The view reads the tables directly: the document's record rules (own
        documents, allowed companies) are applied here. Archived documents (lost
        opportunities) stay: their activities are part of the history.
        """
        # The view reads the tables: write pending changes first (an activity
        # just marked done, a document's new customer).
        for model in ("mail.activity", "calendar.event", "calendar.attendee"):
            self.env[model].flush_model()
        for model in DOCUMENT_MODELS:
            self.env[model].flush_model(["partner_id", "name"])
        if not self.env.su:
            for model in DOCUMENT_MODELS:
                Document = self.env[model]
                if Document.has_access("read"):
                    readable = Document.with_context(active_test=False)._search([])
                    access = [
                        "|",
                        ("res_model", "!=", model),
                        ("res_id", "in", readable),
                    ]
                else:
                    access = [("res_model", "!=", model)]
                domain = expression.AND([domain, access])
        return super()._search(
            domain, offset=offset, limit=limit, order=order, **kwargs
        )

    def action_open_record(self):
        """Open the to-do or the appointment behind the row."""
        self.ensure_one()
        record = self.activity_id or self.event_id
        return {
            "type": "ir.actions.act_window",
            "res_model": record._name,
            "res_id": record.id,
            "views": [(False, "form")],
            "target": "new" if self.activity_id else "current",
        }
