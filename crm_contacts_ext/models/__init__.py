from . import res_partner
from . import crm_lead
from . import crm_lead_line
from . import sale_order_lost_reason
from . import sale_order
