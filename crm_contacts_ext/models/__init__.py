from . import res_partner
from . import mail_activity
from . import calendar_event
