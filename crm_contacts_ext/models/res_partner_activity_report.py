# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo import fields, models

from .mail_activity import PRIORITY_SELECTION


class ResPartnerActivityReport(models.Model):
    """To-dos and appointments of a contact in one list (Prextra "Activités",
    OpenFire "Historique").

    One row per to-do on the contact and per appointment the contact attends
    (one row per attendee, so the id is the attendee's). Done to-dos (kept archived
    by Odoo) and past appointments are inactive: "Show completed" brings them back.
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
        return """
            SELECT a.id * 2 AS id,
                   'activity' AS kind,
                   a.summary AS name,
                   a.res_id AS partner_id,
                   a.id AS activity_id,
                   NULL::integer AS event_id,
                   a.activity_type_id,
                   a.priority,
                   a.date_deadline AS date,
                   NULL::timestamp AS start,
                   NULL::timestamp AS stop,
                   TRUE AS allday,
                   0.0 AS duration,
                   NULL::varchar AS location,
                   a.user_id,
                   COALESCE(a.recurrence_type, 'none') != 'none' AS is_recurrent,
                   'public' AS privacy,
                   CASE
                       WHEN NOT a.active THEN 'done'
                       WHEN a.date_deadline < CURRENT_DATE THEN 'overdue'
                       WHEN a.date_deadline = CURRENT_DATE THEN 'today'
                       ELSE 'planned'
                   END AS state,
                   a.active
              FROM mail_activity a
             WHERE a.res_model = 'res.partner'
         UNION ALL
            SELECT att.id * 2 + 1 AS id,
                   'event' AS kind,
                   e.name,
                   att.partner_id,
                   NULL::integer AS activity_id,
                   e.id AS event_id,
                   NULL::integer AS activity_type_id,
                   e.priority,
                   CASE WHEN e.allday THEN e.start_date ELSE e.start::date END
                       AS date,
                   e.start,
                   e.stop,
                   COALESCE(e.allday, FALSE) AS allday,
                   e.duration,
                   e.location,
                   e.user_id,
                   COALESCE(e.recurrency, FALSE) AS is_recurrent,
                   COALESCE(e.privacy, s.calendar_default_privacy, 'public')
                       AS privacy,
                   CASE
                       WHEN e.stop < NOW() AT TIME ZONE 'UTC' THEN 'done'
                       WHEN e.start::date = CURRENT_DATE THEN 'today'
                       ELSE 'planned'
                   END AS state,
                   e.stop >= NOW() AT TIME ZONE 'UTC' AS active
              FROM calendar_attendee att
              JOIN calendar_event e ON e.id = att.event_id AND e.active
         LEFT JOIN res_users_settings s ON s.user_id = e.user_id
        """

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
