from . import crm_contacts_ext_warning_mixin
from . import res_partner
from . import res_partner_warning
from . import account_move
from . import calendar_event
from . import crm_lead
from . import sale_order
