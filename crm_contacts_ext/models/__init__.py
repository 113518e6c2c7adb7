from . import res_config_settings
from . import res_partner
from . import mail_activity
from . import calendar_event
from . import res_partner_note
from . import res_partner_activity_report
from . import res_partner_grouping
from . import sale_order
