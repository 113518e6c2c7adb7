# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo import fields, models

from ..models.mail_activity import (
    PRIORITY_SELECTION,
    RECURRENCE_FIELDS,
    RECURRENCE_TYPE_SELECTION,
)


class MailActivitySchedule(models.TransientModel):
    """The chatter's "Activities" button opens this wizard, not the activity form:
    the priority and the recurrence must be chosen here too, when scheduling."""

    _inherit = "mail.activity.schedule"

    priority = fields.Selection(PRIORITY_SELECTION, default="medium", required=True)
    recurrence_type = fields.Selection(
        RECURRENCE_TYPE_SELECTION,
        string="Repeat",
        default="none",
        required=True,
    )
    recurrence_interval = fields.Integer(string="Repeat Every", default=1)
    recurrence_mon = fields.Boolean(string="Monday")
    recurrence_tue = fields.Boolean(string="Tuesday")
    recurrence_wed = fields.Boolean(string="Wednesday")
    recurrence_thu = fields.Boolean(string="Thursday")
    recurrence_fri = fields.Boolean(string="Friday")
    recurrence_sat = fields.Boolean(string="Saturday")
    recurrence_sun = fields.Boolean(string="Sunday")
    recurrence_until = fields.Date(string="Repeat Until")

    def _action_schedule_activities(self):
        activities = super()._action_schedule_activities()
        # The activity's constraints check the rule (interval, end date).
        activities.write(
            {name: self[name] for name in ("priority", *RECURRENCE_FIELDS)}
        )
        return activities
