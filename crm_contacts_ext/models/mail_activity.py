# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from datetime import datetime

from dateutil import rrule

from odoo import api, fields, models
from odoo.exceptions import ValidationError

PRIORITY_SELECTION = [("low", "Low"), ("medium", "Medium"), ("high", "High")]
# A list, not a callable, wherever it is used: Odoo translates the labels of
# static selections only (a callable's are shown in English).
RECURRENCE_TYPE_SELECTION = [
    ("none", "Does not repeat"),
    ("daily", "Daily"),
    ("weekly", "Weekly"),
    ("monthly", "Monthly"),
    ("yearly", "Yearly"),
]

RECURRENCE_FIELDS = (
    "recurrence_type",
    "recurrence_interval",
    "recurrence_until",
    "recurrence_mon",
    "recurrence_tue",
    "recurrence_wed",
    "recurrence_thu",
    "recurrence_fri",
    "recurrence_sat",
    "recurrence_sun",
)
WEEKDAY_FIELDS = (
    ("recurrence_mon", rrule.MO),
    ("recurrence_tue", rrule.TU),
    ("recurrence_wed", rrule.WE),
    ("recurrence_thu", rrule.TH),
    ("recurrence_fri", rrule.FR),
    ("recurrence_sat", rrule.SA),
    ("recurrence_sun", rrule.SU),
)
FREQUENCIES = {
    "daily": rrule.DAILY,
    "weekly": rrule.WEEKLY,
    "monthly": rrule.MONTHLY,
    "yearly": rrule.YEARLY,
}


class MailActivity(models.Model):
    _inherit = "mail.activity"

    priority = fields.Selection(
        PRIORITY_SELECTION, default="medium", required=True, index=True
    )
    recurrence_type = fields.Selection(
        RECURRENCE_TYPE_SELECTION,
        string="Repeat",
        default="none",
        required=True,
    )
    recurrence_interval = fields.Integer(
        string="Repeat Every",
        default=1,
        help="Number of days, weeks, months or years between two occurrences.",
    )
    recurrence_mon = fields.Boolean(string="Monday")
    recurrence_tue = fields.Boolean(string="Tuesday")
    recurrence_wed = fields.Boolean(string="Wednesday")
    recurrence_thu = fields.Boolean(string="Thursday")
    recurrence_fri = fields.Boolean(string="Friday")
    recurrence_sat = fields.Boolean(string="Saturday")
    recurrence_sun = fields.Boolean(string="Sunday")
    recurrence_until = fields.Date(
        string="Repeat Until",
        help="No occurrence is scheduled after this date. Empty: repeat forever.",
    )
    # The first due date of the series: every occurrence is computed from it, so a
    # monthly series started on the 31st comes back to the 31st after February.
    recurrence_start = fields.Date(readonly=True, copy=False)

    @api.constrains(
        "recurrence_type", "recurrence_interval", "recurrence_until", "date_deadline"
    )
    def _check_recurrence(self):
        for activity in self.filtered(lambda a: a.recurrence_type != "none"):
            if activity.recurrence_interval < 1:
                raise ValidationError(
                    self.env._(
                        "Repeat Every must be 1 or more (got %(interval)s) on the "
                        "recurring activity “%(name)s”.",
                        interval=activity.recurrence_interval,
                        name=activity.summary or activity.res_name or "",
                    )
                )
            if (
                activity.recurrence_until
                and activity.recurrence_until < activity.date_deadline
            ):
                raise ValidationError(
                    self.env._(
                        "Repeat Until (%(until)s) is before the due date "
                        "(%(deadline)s) of the recurring activity “%(name)s”: "
                        "choose a later end date or clear it.",
                        until=activity.recurrence_until,
                        deadline=activity.date_deadline,
                        name=activity.summary or activity.res_name or "",
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        activities = super().create(vals_list)
        for activity in activities:
            if activity.recurrence_type != "none" and not activity.recurrence_start:
                activity.recurrence_start = activity.date_deadline
        return activities

    def write(self, vals):
        if any(name in vals for name in RECURRENCE_FIELDS) and (
            "recurrence_start" not in vals
        ):
            # A changed rule starts a new series from the current due date.
            res = super().write(vals)
            for activity in self:
                activity.recurrence_start = (
                    activity.date_deadline
                    if activity.recurrence_type != "none"
                    else False
                )
            return res
        return super().write(vals)

    def _action_done(self, feedback=False, attachment_ids=None):
        """Schedule the next occurrence of recurring activities.

        Every way of marking an activity done (button, feedback, "done & schedule
        next") goes through here; the values are read before super() unlinks or
        archives the activity.
        """
        next_values = [
            values
            for activity in self
            if (values := activity._prepare_next_recurrence_values())
        ]
        kept = self.filtered(
            lambda activity: (
                activity.activity_type_id.keep_done and activity.res_model in self.env
            )
        )
        documents = [(a.res_model, a.res_id) for a in kept]
        messages, next_activities = super()._action_done(
            feedback=feedback, attachment_ids=attachment_ids
        )
        self._invalidate_next_activity(documents)
        if next_values:
            next_activities |= self.env["mail.activity"].create(next_values)
        return messages, next_activities

    def _invalidate_next_activity(self, documents):
        """Odoo archives a done activity of a "Keep Done" type (every type here)
        where it deletes the others; its document's values computed from its
        activities (next activity type, summary, deadline, state) kept their
        cached value in the same transaction, as if the activity were still
        open. Forget them, as a deletion does.

        :param documents: ``[(model name, record id)]`` of the archived activities
        """
        for model in {model for model, _res_id in documents}:
            Document = self.env[model]
            names = [
                name
                for name, field in Document._fields.items()
                if name.startswith("activity_") and not field.store
            ]
            ids = [res_id for doc_model, res_id in documents if doc_model == model]
            Document.browse(ids).invalidate_recordset(names)

    def _get_recurrence_rule(self):
        """The dateutil rule of the series, starting on its first due date.

        A day the month does not have (the 29th-31st, February 29th) falls on the
        last day of that month: rrule picks the first of (that day, last day).
        """
        self.ensure_one()
        start = self.recurrence_start or self.date_deadline
        kwargs = {
            "dtstart": datetime.combine(start, datetime.min.time()),
            "interval": max(self.recurrence_interval, 1),
        }
        if self.recurrence_until:
            kwargs["until"] = datetime.combine(
                self.recurrence_until, datetime.min.time()
            )
        if self.recurrence_type == "weekly":
            kwargs["byweekday"] = [
                day for name, day in WEEKDAY_FIELDS if self[name]
            ] or [start.weekday()]
        elif self.recurrence_type == "monthly" and start.day > 28:
            kwargs.update(bymonthday=(start.day, -1), bysetpos=1)
        elif self.recurrence_type == "yearly" and start.day > 28:
            kwargs.update(bymonth=start.month, bymonthday=(start.day, -1), bysetpos=1)
        return rrule.rrule(FREQUENCIES[self.recurrence_type], **kwargs)

    def _get_next_recurrence_date(self):
        """The first occurrence after the current due date, or None past the end."""
        self.ensure_one()
        if self.recurrence_type == "none":
            return None
        current = datetime.combine(self.date_deadline, datetime.min.time())
        occurrence = self._get_recurrence_rule().after(current)
        return occurrence.date() if occurrence else None

    def _prepare_next_recurrence_values(self):
        self.ensure_one()
        next_date = self._get_next_recurrence_date()
        if not next_date:
            return {}
        values = {
            "res_model_id": self.res_model_id.id,
            "res_id": self.res_id,
            "activity_type_id": self.activity_type_id.id,
            "summary": self.summary,
            "note": self.note,
            "user_id": self.user_id.id,
            "priority": self.priority,
            "date_deadline": next_date,
            "recurrence_start": self.recurrence_start or self.date_deadline,
        }
        for name in RECURRENCE_FIELDS:
            values[name] = self[name]
        return values
